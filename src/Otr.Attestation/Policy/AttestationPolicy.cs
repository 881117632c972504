namespace Otr.Attestation.Policy;

/// <summary>
/// What a verifier accepts for one model, on top of the cryptographic checks: which TEE technologies, which
/// measurements, which TCB statuses, whether debug TEEs pass, and how old verified evidence may be. Declared where
/// the model is declared (the InferenceModel / TeeNodePool resources, or the services' configuration) and applied by
/// <see cref="AttestationPolicyEvaluator"/>.
/// </summary>
public sealed record AttestationPolicy
{
    /// <summary>TEE technologies accepted. <see cref="TeeKind.Simulated"/> is only ever accepted with <see cref="AllowSimulated"/>.</summary>
    public IReadOnlySet<TeeKind> AllowedKinds { get; init; } = new HashSet<TeeKind> { TeeKind.IntelTdx, TeeKind.IntelSgx, TeeKind.AmdSevSnp };

    /// <summary>
    /// Accepted measurement sets: evidence passes when, for at least one rule, every register the rule names has the
    /// rule's value (lower-case hex, compared case-insensitively), e.g. <c>{mrtd: …, rtmr1: …, rtmr2: …}</c> for a
    /// TDX image or <c>{mrenclave: …}</c> / <c>{mrsigner: …}</c> for SGX. An empty list accepts no evidence.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> AllowedMeasurements { get; init; } = [];

    /// <summary>TCB statuses accepted, in the vendor's terms (Intel: UpToDate, SWHardeningNeeded, …). Default: UpToDate and SWHardeningNeeded.</summary>
    public IReadOnlySet<string> AcceptedTcbStatuses { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "UpToDate", "SWHardeningNeeded" };

    /// <summary>
    /// Lowest accepted <see cref="Verification.VerifiedEvidence.TcbLevel"/> (Intel: TCB evaluation data number; SEV-SNP:
    /// SNP firmware SVN). Null: no minimum. Evidence without a TCB level fails a policy that sets one.
    /// </summary>
    public int? MinimumTcbLevel { get; init; }

    /// <summary>Accept TEEs running with debugging enabled. Default false: a debug TEE's memory is readable by the host.</summary>
    public bool AllowDebug { get; init; }

    /// <summary>Largest age of the verification (now − <see cref="Verification.VerifiedEvidence.VerifiedAt"/>). Default 24 h.</summary>
    public TimeSpan MaxEvidenceAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Accept the simulated TEE. Only the development policy sets this; every other policy refuses it.</summary>
    public bool AllowSimulated { get; init; }

    /// <summary>The development policy: the simulated TEE and debug TEEs pass, any measurement and TCB status. Insecure.</summary>
    public static AttestationPolicy Development { get; } = new()
    {
        AllowedKinds = new HashSet<TeeKind>(Enum.GetValues<TeeKind>()),
        AllowSimulated = true,
        AllowDebug = true,
        AcceptAnyMeasurement = true,
        AcceptedTcbStatuses = new HashSet<string>(StringComparer.Ordinal),
        AcceptAnyTcbStatus = true,
        MaxEvidenceAge = TimeSpan.MaxValue,
    };

    /// <summary>Accept every measurement (development policy only).</summary>
    public bool AcceptAnyMeasurement { get; init; }

    /// <summary>Accept every TCB status (development policy only).</summary>
    public bool AcceptAnyTcbStatus { get; init; }

    /// <summary>True for a policy that gives no security (simulated TEE, any measurement or debug accepted).</summary>
    public bool IsInsecure => AllowSimulated || AcceptAnyMeasurement || AllowDebug;
}
