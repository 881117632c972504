using System.Globalization;
using Otr.Attestation;
using Otr.Attestation.Committee;
using Otr.Attestation.Dcap;
using Otr.Attestation.Policy;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Committee.Tests;

/// <summary>
/// The committee member's decision: hardware verification, the model's policy and the binding of key, registered
/// weights root and nonce, each refusal with its own reason; an approval the contract's digest recovers to the member.
/// </summary>
public sealed class CommitteeMemberTests : IClassFixture<TdxHardwareFixture>
{
    private static readonly byte[] MemberKey = Keccak.HashUtf8("committee member 1").ToArray();
    private const string VerifierContract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static readonly Bytes32 Registered = Keccak.HashUtf8("registered weights");
    private static readonly string EnclaveKey = Secp256k1.AddressOf(Keccak.HashUtf8("enclave").Span);

    private readonly TdxTestHardware _hw;
    private readonly CommitteeMember _member;

    public CommitteeMemberTests(TdxHardwareFixture fixture)
    {
        _hw = fixture.Hardware;
        var verifier = new HardwareEvidenceVerifier(new DcapVerifier(_hw.RootDer), [_hw.Collateral], new SnpVerifier([]), DevAttestationVerifier.WellKnown);
        _member = new CommitteeMember(MemberKey, 31337, VerifierContract, verifier);
    }

    private ModelAttestationPolicy Model(Func<AttestationPolicy, AttestationPolicy>? edit = null) => new(
        "llama-q8",
        Registered,
        (edit ?? (p => p))(new AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.IntelTdx },
            AllowedMeasurements = [new Dictionary<string, string> { ["mrtd"] = _hw.Measurements["mrtd"], ["rtmr1"] = _hw.Measurements["rtmr1"] }],
        }));

    private CommitteeRequest Request(Bytes32 boundRoot, ulong nonce = 7, string? key = null, bool debug = false) =>
        new(TeeKind.IntelTdx, _hw.Quote(new ReportData(key ?? EnclaveKey, boundRoot, nonce).ToBytes(), debug), [], EnclaveKey, 7);

    private string Reason(CommitteeRequest request, ModelAttestationPolicy? model = null, DateTimeOffset? now = null) =>
        Assert.Throws<AttestationRejectedException>(() => _member.Approve(request, model ?? Model(), now ?? _hw.Now)).Reason;

    [Fact]
    public void Approve_EvidenceBindingKeyRegisteredRootAndNonce_SignsTheContractsStatement()
    {
        var request = Request(Registered);
        var decision = _member.Approve(request, Model(), _hw.Now);

        var a = decision.Approval;
        Assert.Equal(EnclaveKey, a.EnclaveKey);
        Assert.Equal(Registered, a.WeightsRoot);
        Assert.Equal(_hw.MeasurementDigest, a.Measurement);
        Assert.Equal(Keccak.Hash(request.Evidence), a.EvidenceHash);
        Assert.Equal((ulong)_hw.Now.ToUnixTimeSeconds(), a.ApprovedAt);
        Assert.True(Secp256k1.TryRecover(a.Digest(31337, VerifierContract), decision.Signature, out var signer));
        Assert.Equal(Secp256k1.AddressOf(MemberKey), signer);
        Assert.Equal(_member.Address, decision.Member);
        Assert.Equal("UpToDate", decision.Evidence.TcbStatus);
    }

    [Fact]
    public void Approve_ExecutorLoadedOtherWeights_IsABindingMismatch()
    {
        // A cheaper model has another weights root; the TEE binds what the executor loaded, not what it claims.
        var e = Assert.Throws<AttestationRejectedException>(() => _member.Approve(Request(Keccak.HashUtf8("cheaper weights")), Model(), _hw.Now));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, e.Reason);
        Assert.Contains(Registered.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_EvidenceForAnotherNonceOrKey_IsABindingMismatch()
    {
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, Reason(Request(Registered, nonce: 8)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, Reason(Request(Registered, key: "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF")));
    }

    [Fact]
    public void Approve_PolicyRefusals_HaveTheirOwnReasons()
    {
        var request = Request(Registered);
        Assert.Equal(AttestationPolicyEvaluator.Reasons.MeasurementNotAllowed, Reason(request, Model(p => p with { AllowedMeasurements = [new Dictionary<string, string> { ["mrtd"] = new string('a', 96) }] })));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.KindNotAllowed, Reason(request, Model(p => p with { AllowedKinds = new HashSet<TeeKind> { TeeKind.AmdSevSnp } })));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbBelowMinimum, Reason(request, Model(p => p with { MinimumTcbLevel = 1000 })));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.TcbStatusNotAccepted, Reason(request, Model(p => p with { AcceptedTcbStatuses = new HashSet<string> { "SWHardeningNeeded" } })));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.DebugRefused, Reason(Request(Registered, debug: true)));

        // The minimum TCB level is the collateral's TCB evaluation data number (17 for this vector's collateral).
        Assert.Equal(EnclaveKey, _member.Approve(request, Model(p => p with { MinimumTcbLevel = 17 }), _hw.Now).Approval.EnclaveKey);
    }

    [Fact]
    public void Approve_TamperedQuote_IsAHardwareRejection()
    {
        var request = Request(Registered);
        var tampered = request.Evidence.ToArray();
        tampered[DcapQuote.HeaderSize + 136] ^= 1; // MRTD
        Assert.Equal(DcapReasons.QuoteSignatureInvalid, Reason(request with { Evidence = tampered }));
        Assert.Equal(DcapReasons.QuoteTruncated, Reason(request with { Evidence = request.Evidence[..100] }));
    }

    [Fact]
    public void Approve_QuoteFromHardwareWithoutCollateral_NamesTheFmspc()
    {
        var bare = new CommitteeMember(MemberKey, 31337, VerifierContract, new HardwareEvidenceVerifier(new DcapVerifier(_hw.RootDer), [], new SnpVerifier([]), DevAttestationVerifier.WellKnown));
        var e = Assert.Throws<AttestationRejectedException>(() => bare.Approve(Request(Registered), Model(), _hw.Now));
        Assert.Equal(HardwareEvidenceVerifier.CollateralNotFoundReason, e.Reason);
        Assert.Contains("B0C06F000000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ClaimedKindDiffersFromTheQuote_IsRefused()
    {
        Assert.Equal(HardwareEvidenceVerifier.KindUnsupportedReason, Reason(Request(Registered) with { Kind = TeeKind.IntelSgx }));
        Assert.Equal(HardwareEvidenceVerifier.KindUnsupportedReason, Reason(Request(Registered) with { Kind = TeeKind.NvidiaGpu }));
    }

    [Fact]
    public void Approve_ApprovalTimeFarFromTheMembersClock_IsRefused()
    {
        var now = (ulong)_hw.Now.ToUnixTimeSeconds();
        Assert.Equal(CommitteeMember.ApprovalTimeSkewedReason, Reason(Request(Registered) with { ApprovedAt = now - 600 }));
        Assert.Equal(now - 60, _member.Approve(Request(Registered) with { ApprovedAt = now - 60 }, Model(), _hw.Now).Approval.ApprovedAt);
    }

    [Fact]
    public async Task Approve_SimulatedTee_OnlyUnderTheDevelopmentPolicy()
    {
        using var tee = new SimulatedTee(new SimulatedTeeOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<SimulatedTee>.Instance);
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, Registered, 3), TestContext.Current.CancellationToken);
        var request = new CommitteeRequest(TeeKind.Simulated, evidence.Bytes, [], tee.EnclaveAddress, 3);

        Assert.Equal(AttestationPolicyEvaluator.Reasons.SimulatedRefused, Reason(request));
        var dev = _member.Approve(request, new ModelAttestationPolicy("llama-q8", Registered, AttestationPolicy.Development), _hw.Now);
        Assert.Equal(DevAttestation.Measurement, dev.Approval.Measurement);

        var forged = evidence.Bytes.ToArray();
        forged[^10] ^= 1;
        Assert.Equal(HardwareEvidenceVerifier.SimulatedInvalidReason, Reason(request with { Evidence = forged }, new ModelAttestationPolicy("llama-q8", Registered, AttestationPolicy.Development)));
    }

    [Fact]
    public void Approve_RealIntelQuoteUnderTheProductionRoot_VerifiesButDoesNotBindOurKey()
    {
        // A genuine TDX quote, Intel's root and the vendor's collateral: the hardware checks pass, and the member still
        // refuses because the quote's report data was chosen by someone else.
        var directory = Path.Combine(TdxTestHardware.Vendor, "tdx/automata-v4-00806f050000");
        var time = DateTimeOffset.Parse("2025-06-05T03:45:00Z", CultureInfo.InvariantCulture);
        var production = new CommitteeMember(MemberKey, 31337, VerifierContract, new HardwareEvidenceVerifier(
            new DcapVerifier(), [DcapCollateral.FromDirectory(directory)], new SnpVerifier([]), DevAttestationVerifier.WellKnown));
        var quote = File.ReadAllBytes(Path.Combine(directory, "quote.bin"));
        var any = new ModelAttestationPolicy("m", Registered, new AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.IntelTdx },
            AllowedMeasurements = [DcapVerifier.Measurements(DcapQuote.Parse(quote))],
            AcceptedTcbStatuses = new HashSet<string> { "OutOfDate" },
        });

        var e = Assert.Throws<AttestationRejectedException>(() => production.Approve(new CommitteeRequest(TeeKind.IntelTdx, quote, [], EnclaveKey, 0), any, time));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, e.Reason);

        // An hour after its collateral expired the same quote fails on the hardware side instead.
        var later = Assert.Throws<AttestationRejectedException>(() => production.Approve(new CommitteeRequest(TeeKind.IntelTdx, quote, [], EnclaveKey, 0), any, time.AddDays(60)));
        Assert.NotEqual(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, later.Reason);
    }

    [Fact]
    public void Approve_RealSevSnpReportWithAmdRoots_VerifiesButDoesNotBindOurKey()
    {
        var directory = Path.Combine(TdxTestHardware.Vendor, "sev-snp/google-milan-vcek");
        var roots = SnpProductRoots.Load(SnpProduct.Milan, [File.ReadAllBytes(Path.Combine(directory, "ask_ark_milan.pem"))]);
        var production = new CommitteeMember(MemberKey, 31337, VerifierContract, new HardwareEvidenceVerifier(new DcapVerifier(), [], new SnpVerifier([roots]), DevAttestationVerifier.WellKnown));
        var vcek = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(File.ReadAllBytes(Path.Combine(directory, "vcek.der")));
        var table = SnpCertificateTable.Build([(SnpCertificateTable.Vcek, vcek.RawData)]);
        var request = new CommitteeRequest(TeeKind.AmdSevSnp, File.ReadAllBytes(Path.Combine(directory, "report.bin")), SnpCertificateTable.ToPem(table), EnclaveKey, 0);
        var any = new ModelAttestationPolicy("m", Registered, new AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.AmdSevSnp },
            AllowedMeasurements = [new Dictionary<string, string> { ["measurement"] = "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01" }],
            AcceptedTcbStatuses = new HashSet<string> { "NoMinimumConfigured" },
            AllowDebug = true,
        });

        var e = Assert.Throws<AttestationRejectedException>(() => production.Approve(request, any, vcek.NotBefore.AddDays(1)));
        Assert.Equal(AttestationPolicyEvaluator.Reasons.ReportDataMismatch, e.Reason);
        Assert.Equal(CertificateTools.MalformedReason, Reason(request with { Certificates = [] }));
    }
}

/// <summary>One test hardware (PKI and collateral) per test class.</summary>
public sealed class TdxHardwareFixture : IDisposable
{
    public TdxTestHardware Hardware { get; } = new();

    public void Dispose() => Hardware.Dispose();
}
