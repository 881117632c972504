using System.Numerics;
using Otr.Protocol;

namespace Otr.Chain.Deployment;

/// <summary>What <see cref="OtrDeployer.DeployAllAsync"/> deploys and how it wires roles. Checked by <see cref="Validate"/> before anything is sent.</summary>
public sealed class DeploymentOptions
{
    /// <summary>Address of the dev root key the (INSECURE) <c>DevAttestationVerifier</c> trusts. Required.</summary>
    public required string DevRootAddress { get; init; }

    /// <summary>Final owner of the registries and the rollup; null keeps the deploying account.</summary>
    public string? Owner { get; init; }

    /// <summary>The rollup's sequencer; null makes the deploying account the sequencer.</summary>
    public string? Sequencer { get; init; }

    /// <summary>The rollup's dispute game; null leaves it unset.</summary>
    public string? DisputeGame { get; init; }

    /// <summary>How long batches stay challengeable; whole seconds, at least one. Default one hour.</summary>
    public TimeSpan ChallengeWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Minimum executor stake in wei. Default 1 ether.</summary>
    public BigInteger MinStakeWei { get; init; } = BigInteger.Pow(10, 18);

    /// <summary>Executor image measurements to allow in the executor registry.</summary>
    public IReadOnlyList<Bytes32> AllowedMeasurements { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        RequireAddress(DevRootAddress, nameof(DevRootAddress), required: true);
        RequireAddress(Owner, nameof(Owner), required: false);
        RequireAddress(Sequencer, nameof(Sequencer), required: false);
        RequireAddress(DisputeGame, nameof(DisputeGame), required: false);
        if (ChallengeWindow < TimeSpan.FromSeconds(1) || ChallengeWindow.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{nameof(ChallengeWindow)} must be a whole number of seconds, at least 1 (was {ChallengeWindow})");
        }

        if (MinStakeWei.Sign < 0)
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{nameof(MinStakeWei)} must not be negative (was {MinStakeWei})");
        }
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static void RequireAddress(string? value, string name, bool required)
    {
        if (value is null && !required)
        {
            return;
        }

        var ok = value is { Length: 42 } && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && !value.AsSpan(2).ContainsAnyExcept(HexDigits);
        if (!ok || value == "0x0000000000000000000000000000000000000000")
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{name} must be a non-zero 0x address (was '{value}')");
        }
    }
}
