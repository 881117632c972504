using Otr.Attestation.Policy;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Attestation.Tests.Policy;

public sealed class AttestationPolicyEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReportData Expected = new("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", Keccak.HashUtf8("weights"), 7);
    private const string Mrtd = "aa00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000bb";

    private static VerifiedEvidence Tdx(string mrtd = Mrtd, string tcb = "UpToDate", bool debug = false, byte[]? reportData = null, DateTimeOffset? at = null) =>
        new(TeeKind.IntelTdx, new Dictionary<string, string> { ["mrtd"] = mrtd, ["rtmr0"] = "01" }, reportData ?? Expected.ToBytes(), tcb, debug, at ?? Now, []);

    private static AttestationPolicy Production => new()
    {
        AllowedMeasurements = [new Dictionary<string, string> { ["mrtd"] = Mrtd }],
    };

    private static string Reason(Action act) => Assert.Throws<AttestationRejectedException>(act).Reason;

    [Fact]
    public void Enforce_MatchingEvidence_Passes()
    {
        AttestationPolicyEvaluator.Enforce(Tdx(), Production, Expected, Now);
        AttestationPolicyEvaluator.Enforce(Tdx(mrtd: "0x" + Mrtd.ToUpperInvariant(), tcb: "SWHardeningNeeded"), Production, Expected, Now);
    }

    [Fact]
    public void Enforce_Simulated_IsRefusedByEveryNonDevelopmentPolicy()
    {
        var simulated = Tdx() with { Kind = TeeKind.Simulated };
        var permissive = Production with { AllowedKinds = new HashSet<TeeKind>(Enum.GetValues<TeeKind>()), AcceptAnyMeasurement = true, AllowDebug = true };

        Assert.Equal(AttestationPolicyEvaluator.Reasons.SimulatedRefused, Reason(() => AttestationPolicyEvaluator.Enforce(simulated, Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.SimulatedRefused, Reason(() => AttestationPolicyEvaluator.Enforce(simulated, permissive, Expected, Now)));
        AttestationPolicyEvaluator.Enforce(simulated, AttestationPolicy.Development, Expected, Now);
        Assert.True(AttestationPolicy.Development.IsInsecure);
        Assert.False(Production.IsInsecure);
    }

    [Fact]
    public void Enforce_EachViolation_HasItsOwnReason()
    {
        Assert.Equal(AttestationPolicyEvaluator.Reasons.KindNotAllowed,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(), Production with { AllowedKinds = new HashSet<TeeKind> { TeeKind.AmdSevSnp } }, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.MeasurementNotAllowed,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(mrtd: "cc" + Mrtd[2..]), Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbStatusNotAccepted,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(tcb: "OutOfDate"), Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.DebugRefused,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(debug: true), Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.EvidenceStale,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(at: Now - TimeSpan.FromDays(2)), Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.EvidenceStale,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(at: Now + TimeSpan.FromHours(1)), Production, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.MeasurementNotAllowed,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(), Production with { AllowedMeasurements = [] }, Expected, Now)));
    }

    [Fact]
    public void Enforce_ReportDataNotBindingKeyWeightsOrNonce_IsRefused()
    {
        ReportData[] others =
        [
            Expected with { EnclaveAddress = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF" },
            Expected with { WeightsRoot = Keccak.HashUtf8("cheaper model") },
            Expected with { RegistrationNonce = 8 },
        ];
        foreach (var other in others)
        {
            var e = Assert.Throws<AttestationRejectedException>(() => AttestationPolicyEvaluator.Enforce(Tdx(reportData: other.ToBytes()), Production, Expected, Now));
            Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, e.Reason);
            Assert.Contains(Expected.WeightsRoot.ToString(), e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch,
            Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(reportData: Expected.ToBytes()[..32]), Production, Expected, Now)));
    }

    [Fact]
    public void Enforce_GpuEvidence_BindsTheFirst32BytesAsItsNonce()
    {
        var gpu = new VerifiedEvidence(TeeKind.NvidiaGpu, new Dictionary<string, string> { ["measurement_0"] = "ab" }, Expected.ToBytes()[..32], "UpToDate", false, Now, []);
        var policy = Production with
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.NvidiaGpu },
            AllowedMeasurements = [new Dictionary<string, string> { ["measurement_0"] = "AB" }],
        };

        AttestationPolicyEvaluator.Enforce(gpu, policy, Expected, Now);
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch,
            Reason(() => AttestationPolicyEvaluator.Enforce(gpu with { ReportData = new byte[32] }, policy, Expected, Now)));
    }

    [Fact]
    public void Matches_EmptyRule_NeverMatches()
    {
        Assert.False(AttestationPolicyEvaluator.Matches(new Dictionary<string, string>(), new Dictionary<string, string> { ["mrtd"] = "00" }));
        Assert.False(AttestationPolicyEvaluator.Matches(new Dictionary<string, string> { ["mrtd"] = "00", ["rtmr3"] = "11" }, new Dictionary<string, string> { ["mrtd"] = "00" }));
    }

    [Fact]
    public void MinimumTcbLevel_BelowOrUnknown_IsRefused_AtOrAbove_Passes()
    {
        var policy = Production with { MinimumTcbLevel = 17 };
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbBelowMinimum, Reason(() => AttestationPolicyEvaluator.Enforce(Tdx() with { TcbLevel = 16 }, policy, Expected, Now)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbBelowMinimum, Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(), policy, Expected, Now)));
        AttestationPolicyEvaluator.Enforce(Tdx() with { TcbLevel = 17 }, policy, Expected, Now);
        AttestationPolicyEvaluator.Enforce(Tdx() with { TcbLevel = 3 }, Production, Expected, Now);
    }

    [Fact]
    public void TcbStatus_DetailAfterSemicolon_IsNotPartOfTheComparedWord()
    {
        var policy = Production with { AcceptedTcbStatuses = new HashSet<string> { "AtOrAboveMinimum" } };
        AttestationPolicyEvaluator.Enforce(Tdx(tcb: "AtOrAboveMinimum; reported_tcb bl=3 tee=0 snp=8 ucode=115"), policy, Expected, Now);
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbStatusNotAccepted, Reason(() => AttestationPolicyEvaluator.Enforce(Tdx(tcb: "BelowMinimum; reported_tcb bl=3"), policy, Expected, Now)));
    }
}
