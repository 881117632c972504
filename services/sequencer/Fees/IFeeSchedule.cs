using System.Numerics;

namespace Otr.Sequencer.Fees;

/// <summary>Where prices and registrations come from (L1 in a deployment: ModelRegistry and ExecutorRegistry).</summary>
public interface IFeeSchedule
{
    /// <summary>The model's price in wei per output token, or null when ModelRegistry has no such model.</summary>
    Task<BigInteger?> PricePerTokenAsync(string model, CancellationToken cancellationToken);

    /// <summary>The enclave key's operator and model, or null when the key has no registration.</summary>
    Task<ExecutorOperator?> RegistrationAsync(string enclaveKey, CancellationToken cancellationToken);
}
