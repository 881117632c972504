using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>Where the receipt loop hands disputable verdicts (before it commits the receipt's feed position).</summary>
public interface IDisputeIntake
{
    /// <summary>Records the decision to dispute <paramref name="digest"/> durably (idempotent by digest).</summary>
    Task SubmitAsync(PublishedReceipt published, Bytes32 digest, Verdict verdict, CancellationToken cancellationToken);
}

/// <summary>Disputes are off (<c>Challenger:Dispute:DisputeGame</c> unset): verdicts are only recorded.</summary>
internal sealed class DisabledDisputeIntake : IDisputeIntake
{
    public Task SubmitAsync(PublishedReceipt published, Bytes32 digest, Verdict verdict, CancellationToken cancellationToken) => Task.CompletedTask;
}
