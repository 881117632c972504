using Otr.Attestation.Dcap;
using Otr.Attestation.Snp;
using Otr.Protocol;

namespace Otr.Attestation.Tsm;

/// <summary>
/// The executor's TEE inside an Intel TDX or AMD SEV-SNP confidential VM: the enclave key is generated in the guest's
/// encrypted memory and never leaves it; evidence is a TDX quote or an SEV-SNP report from configfs-tsm over
/// <see cref="ReportData"/> (enclave key, weights root, registration nonce). The image measurement is read from a
/// report at start (<see cref="MeasurementDigest"/>). The evidence is verified by the attestation committee, whose
/// approvals are what L1 checks, so <see cref="AttestationEvidence.OnChainEvidence"/> is empty here.
/// </summary>
public sealed class ConfigFsTeeBackend : ITeeBackend
{
    private readonly ConfigFsTsm _tsm;
    private readonly EnclaveKey _enclaveKey;

    /// <summary>The TEE of the guest whose configfs-tsm report directory is <paramref name="root"/> (default: the kernel's).</summary>
    /// <exception cref="Verification.AttestationRejectedException">configfs-tsm is unavailable or returns a report that does not parse.</exception>
    public ConfigFsTeeBackend(string root = ConfigFsTsm.DefaultRoot)
        : this(new ConfigFsTsm(root))
    {
    }

    /// <summary>Generates the enclave key and reads the measurement from a first report.</summary>
    /// <exception cref="Verification.AttestationRejectedException">configfs-tsm is unavailable or returns a report that does not parse.</exception>
    public ConfigFsTeeBackend(ConfigFsTsm tsm)
    {
        ArgumentNullException.ThrowIfNull(tsm);
        _tsm = tsm;
        _enclaveKey = EnclaveKey.Generate();
        var probe = _tsm.GetReport(new ReportData(EnclaveAddress, Bytes32.Zero, 0).ToBytes());
        Kind = probe.Kind;
        Measurements = ParseMeasurements(probe);
        Measurement = MeasurementDigest.Of(Kind, Measurements);
    }

    /// <inheritdoc />
    public TeeKind Kind { get; }

    /// <inheritdoc />
    public bool IsInsecure => false;

    /// <inheritdoc />
    public string EnclaveAddress => _enclaveKey.Address;

    /// <inheritdoc />
    public Bytes32 Measurement { get; }

    /// <summary>The named measurement registers of this guest (lower-case hex).</summary>
    public IReadOnlyDictionary<string, string> Measurements { get; }

    /// <inheritdoc />
    public byte[] Sign(Bytes32 digest) => _enclaveKey.Sign(digest, this);

    /// <inheritdoc />
    public Task<AttestationEvidence> GetEvidenceAsync(ReportData reportData, CancellationToken cancellationToken = default)
    {
        _enclaveKey.CheckBinds(reportData, this);

        var bytes = reportData.ToBytes();
        var report = _tsm.GetReport(bytes);
        if (report.Kind != Kind || !MeasurementDigest.Of(Kind, ParseMeasurements(report)).Equals(Measurement))
        {
            throw new Verification.AttestationRejectedException(
                ConfigFsTsm.UnavailableReason, $"configfs-tsm returned a {report.Kind} report with another measurement than at start; refusing to attest");
        }

        // SEV-SNP: the VCEK/VLEK the verifier needs comes with the report in the host's certificate table (auxblob).
        var certificates = Kind == TeeKind.AmdSevSnp && report.AuxBlob.Length > 0 ? SnpCertificateTable.ToPem(report.AuxBlob) : [];
        return Task.FromResult(new AttestationEvidence(Kind, report.OutBlob, Measurement, bytes, []) { Certificates = certificates });
    }

    /// <summary>Forgets the enclave key.</summary>
    public void Dispose() => _enclaveKey.Dispose();

    private static IReadOnlyDictionary<string, string> ParseMeasurements(TsmReport report) => report.Kind switch
    {
        TeeKind.IntelTdx => DcapVerifier.Measurements(DcapQuote.Parse(report.OutBlob)),
        TeeKind.AmdSevSnp => SnpVerifier.Measurements(SnpAttestationReport.Parse(report.OutBlob)),
        _ => throw new NotSupportedException($"configfs-tsm report kind {report.Kind}"),
    };
}
