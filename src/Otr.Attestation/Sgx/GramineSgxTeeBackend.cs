using System.Text;
using Otr.Attestation.Dcap;
using Otr.Attestation.Tsm;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Attestation.Sgx;

/// <summary>
/// The executor's TEE inside an Intel SGX enclave run by an SGX library OS with DCAP remote attestation (Gramine with
/// <c>sgx.remote_attestation = "dcap"</c>): the whole executor process runs in the enclave, so the enclave key is
/// generated in enclave memory and never leaves it. Evidence is a DCAP quote over <see cref="ReportData"/>, obtained
/// through the library OS's quoting path: write the 64 report-data bytes to <c>/dev/attestation/user_report_data</c>,
/// read <c>/dev/attestation/quote</c>. The measurement (MRENCLAVE, MRSIGNER, product and SVN) is read from a first
/// quote at start. Like TDX, the quote is verified by the attestation committee, so
/// <see cref="AttestationEvidence.OnChainEvidence"/> is empty.
/// </summary>
public sealed class GramineSgxTeeBackend : ITeeBackend
{
    /// <summary>Where the library OS exposes its attestation pseudo-files.</summary>
    public const string DefaultRoot = "/dev/attestation";

    /// <summary>The reason code when the quoting path is missing or answers something that is not an SGX quote.</summary>
    public const string UnavailableReason = "sgx-quoting-unavailable";

    private readonly ITsmFileSystem _fs;
    private readonly string _root;
    private readonly EnclaveKey _enclaveKey;
    private readonly Lock _gate = new();

    /// <summary>The enclave's quoting path at <paramref name="root"/>.</summary>
    /// <exception cref="AttestationRejectedException">The quoting path is missing, not DCAP, or returns no SGX quote.</exception>
    public GramineSgxTeeBackend(string root = DefaultRoot)
        : this(new PhysicalTsmFileSystem(), root)
    {
    }

    internal GramineSgxTeeBackend(ITsmFileSystem fs, string root)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _fs = fs;
        _root = root;
        var missing = QuotingFiles(root).Where(p => !fs.FileExists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new AttestationRejectedException(
                UnavailableReason,
                $"the SGX quoting path is missing ({string.Join(", ", missing)}): the executor must run inside an SGX library OS with DCAP attestation (e.g. Gramine, sgx.remote_attestation = \"dcap\")");
        }

        var type = Path.Combine(root, "attestation_type");
        if (fs.FileExists(type) && Encoding.ASCII.GetString(fs.ReadAllBytes(type)).Trim('\0', ' ', '\n') is var kind && kind != "dcap")
        {
            throw new AttestationRejectedException(UnavailableReason, $"{type} is '{kind}'; only DCAP quotes can be verified (set sgx.remote_attestation = \"dcap\")");
        }

        _enclaveKey = EnclaveKey.Generate();
        Measurements = DcapVerifier.Measurements(Quote(new ReportData(EnclaveAddress, Bytes32.Zero, 0).ToBytes(), out _));
        Measurement = MeasurementDigest.Of(TeeKind.IntelSgx, Measurements);
    }

    /// <inheritdoc />
    public TeeKind Kind => TeeKind.IntelSgx;

    /// <inheritdoc />
    public bool IsInsecure => false;

    /// <inheritdoc />
    public string EnclaveAddress => _enclaveKey.Address;

    /// <inheritdoc />
    public Bytes32 Measurement { get; }

    /// <summary>The enclave's measurement fields (lower-case hex; MRENCLAVE, MRSIGNER, …).</summary>
    public IReadOnlyDictionary<string, string> Measurements { get; }

    /// <summary>The two pseudo-files the quoting path needs under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> QuotingFiles(string root = DefaultRoot) =>
        [Path.Combine(root, "user_report_data"), Path.Combine(root, "quote")];

    /// <inheritdoc />
    public byte[] Sign(Bytes32 digest) => _enclaveKey.Sign(digest, this);

    /// <inheritdoc />
    public Task<AttestationEvidence> GetEvidenceAsync(ReportData reportData, CancellationToken cancellationToken = default)
    {
        _enclaveKey.CheckBinds(reportData, this);

        var bytes = reportData.ToBytes();
        var quote = Quote(bytes, out var raw);
        if (!MeasurementDigest.Of(TeeKind.IntelSgx, DcapVerifier.Measurements(quote)).Equals(Measurement))
        {
            throw new AttestationRejectedException(UnavailableReason, "the quoting path returned a quote of another enclave than at start; refusing to attest");
        }

        return Task.FromResult(new AttestationEvidence(TeeKind.IntelSgx, raw, Measurement, bytes, []));
    }

    /// <summary>Forgets the enclave key.</summary>
    public void Dispose() => _enclaveKey.Dispose();

    /// <summary>One write of the report data, one read of the quote (serialised: the pseudo-files are per process).</summary>
    private DcapQuote Quote(byte[] reportData, out byte[] raw)
    {
        lock (_gate)
        {
            _fs.WriteAllBytes(Path.Combine(_root, "user_report_data"), reportData);
            raw = _fs.ReadAllBytes(Path.Combine(_root, "quote"));
        }

        DcapQuote quote;
        try
        {
            quote = DcapQuote.Parse(raw);
        }
        catch (AttestationRejectedException e)
        {
            throw new AttestationRejectedException(UnavailableReason, $"the quoting path returned {raw.Length} bytes that are not a DCAP quote: {e.Message}", e);
        }

        if (quote.TeeType != DcapQuote.TeeTypeSgx)
        {
            throw new AttestationRejectedException(UnavailableReason, "the quoting path returned a TDX quote, not an SGX enclave quote");
        }

        return quote;
    }
}
