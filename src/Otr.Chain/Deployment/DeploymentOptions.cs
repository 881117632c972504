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

    /// <summary>An already deployed dispute game to wire into the rollup and the executor registry; null leaves it unset (or deploys one, see <see cref="OneStepVerifier"/>). Not together with <see cref="OneStepVerifier"/>.</summary>
    public string? DisputeGame { get; init; }

    /// <summary>
    /// The one-step verifier (the q8-exact <c>Q8OneStepVerifier</c>) for a new <c>DisputeGame</c>: when set, the
    /// deployer deploys the game with it and wires the game into the rollup and the executor registry. Null deploys no game.
    /// </summary>
    public string? OneStepVerifier { get; init; }

    /// <summary>Challenger bond of a new dispute game in wei; 1 wei to 1000 ether. Default 0.1 ether.</summary>
    public BigInteger DisputeBondWei { get; init; } = BigInteger.Pow(10, 17);

    /// <summary>Time per move of a new dispute game; whole seconds, 60 s to 30 days. Default one hour.</summary>
    public TimeSpan MoveTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Challenger's share of a slashed stake in basis points (the rest is burned); at most 10000. Default 5000.</summary>
    public ushort ChallengerRewardBps { get; init; } = 5_000;

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
        RequireAddress(OneStepVerifier, nameof(OneStepVerifier), required: false);
        if (DisputeGame is not null && OneStepVerifier is not null)
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}: set either {nameof(DisputeGame)} (an existing game) or {nameof(OneStepVerifier)} (deploy one), not both");
        }

        if (MoveTimeout < TimeSpan.FromSeconds(60) || MoveTimeout > TimeSpan.FromDays(30) || MoveTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{nameof(MoveTimeout)} must be whole seconds between 60 s and 30 days (was {MoveTimeout})");
        }

        if (DisputeBondWei.Sign <= 0 || DisputeBondWei > BigInteger.Pow(10, 21))
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{nameof(DisputeBondWei)} must be between 1 wei and 1000 ether (was {DisputeBondWei})");
        }

        if (ChallengerRewardBps > 10_000)
        {
            throw new ArgumentException($"{nameof(DeploymentOptions)}.{nameof(ChallengerRewardBps)} must be at most 10000 (was {ChallengerRewardBps})");
        }
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
