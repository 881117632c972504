using Otr.Attestation.Dcap;
using Otr.Attestation.Sgx;
using Otr.Attestation.Tsm;
using Otr.Attestation.Verification;
using Otr.Protocol;

namespace Otr.Attestation.Tests.Sgx;

/// <summary>
/// The executor's TEE inside an SGX library OS, over an in-memory model of its attestation pseudo-files; the "hardware"
/// answers with a real SGX DCAP quote from the test vectors, so the measurement comes from the real parser.
/// </summary>
public sealed class GramineSgxTeeBackendTests
{
    private const string Root = "/dev/attestation";
    private static readonly byte[] SgxQuote = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", "sgx", "phala-v3", "quote.bin"));
    private static readonly byte[] TdxQuote = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", "tdx", "phala-v4-uptodate", "quote.bin"));

    [Fact]
    public async Task Enclave_MeasurementIsTheQuotesEnclave_AndEvidenceIsTheQuoteOverOurReportData()
    {
        var fs = new AttestationFiles(SgxQuote);
        using var tee = new GramineSgxTeeBackend(fs, Root);
        Assert.Equal(TeeKind.IntelSgx, tee.Kind);
        Assert.False(tee.IsInsecure);
        var expected = DcapVerifier.Measurements(DcapQuote.Parse(SgxQuote));
        Assert.Equal(expected, tee.Measurements);
        Assert.Contains("mrenclave", tee.Measurements.Keys);
        Assert.Equal(MeasurementDigest.Of(TeeKind.IntelSgx, expected), tee.Measurement);

        var reportData = new ReportData(tee.EnclaveAddress, Keccak.HashUtf8("weights"), 5);
        var evidence = await tee.GetEvidenceAsync(reportData, TestContext.Current.CancellationToken);
        Assert.Equal(reportData.ToBytes(), fs.LastReportData);
        Assert.Equal(SgxQuote, evidence.Bytes);
        Assert.Equal((TeeKind.IntelSgx, tee.Measurement), (evidence.Kind, evidence.Measurement));
        Assert.Empty(evidence.OnChainEvidence);
        Assert.Throws<ArgumentException>(() => tee.GetEvidenceAsync(new ReportData("0x0000000000000000000000000000000000000001", Bytes32.Zero, 0), TestContext.Current.CancellationToken).GetAwaiter().GetResult());
    }

    [Fact]
    public void MissingQuotingPath_OrNotDcap_OrNotAnSgxQuote_IsRefusedWithItsReason()
    {
        var missing = Assert.Throws<AttestationRejectedException>(() => new GramineSgxTeeBackend(new AttestationFiles(SgxQuote) { Present = false }, Root));
        Assert.Equal(GramineSgxTeeBackend.UnavailableReason, missing.Reason);
        Assert.Contains("/dev/attestation/quote", missing.Message, StringComparison.Ordinal);

        var epid = Assert.Throws<AttestationRejectedException>(() => new GramineSgxTeeBackend(new AttestationFiles(SgxQuote) { Type = "epid" }, Root));
        Assert.Contains("'epid'", epid.Message, StringComparison.Ordinal);

        var tdx = Assert.Throws<AttestationRejectedException>(() => new GramineSgxTeeBackend(new AttestationFiles(TdxQuote), Root));
        Assert.Contains("TDX quote", tdx.Message, StringComparison.Ordinal);

        var junk = Assert.Throws<AttestationRejectedException>(() => new GramineSgxTeeBackend(new AttestationFiles([1, 2, 3]), Root));
        Assert.Equal(GramineSgxTeeBackend.UnavailableReason, junk.Reason);
    }

    [Fact]
    public async Task AnotherEnclaveAnswersLater_IsRefused()
    {
        var fs = new AttestationFiles(SgxQuote);
        using var tee = new GramineSgxTeeBackend(fs, Root);
        var other = SgxQuote.ToArray();
        other[48 + 64] ^= 0xff; // MRENCLAVE starts at offset 64 of the report body after the 48-byte header
        fs.Quote = other;
        var e = await Assert.ThrowsAsync<AttestationRejectedException>(() => tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, Bytes32.Zero, 1), TestContext.Current.CancellationToken));
        Assert.Contains("another enclave", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Gramine's /dev/attestation: user_report_data takes 64 bytes, quote answers with the hardware's quote.</summary>
    private sealed class AttestationFiles(byte[] quote) : ITsmFileSystem
    {
        public byte[] Quote { get; set; } = quote;

        public bool Present { get; init; } = true;

        public string Type { get; init; } = "dcap";

        public byte[]? LastReportData { get; private set; }

        public bool DirectoryExists(string path) => Present && path == Root;

        public bool FileExists(string path) => Present && path.StartsWith(Root + "/", StringComparison.Ordinal);

        public void CreateDirectory(string path) => throw new InvalidOperationException("no directories in /dev/attestation");

        public void DeleteDirectory(string path) => throw new InvalidOperationException("no directories in /dev/attestation");

        public void WriteAllBytes(string path, byte[] bytes)
        {
            Assert.Equal(Root + "/user_report_data", path);
            Assert.Equal(64, bytes.Length);
            LastReportData = bytes;
        }

        public byte[] ReadAllBytes(string path) => Path.GetFileName(path) switch
        {
            "quote" => Quote,
            "attestation_type" => System.Text.Encoding.ASCII.GetBytes(Type + "\n"),
            _ => throw new FileNotFoundException(path),
        };
    }
}
