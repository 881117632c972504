using System.Security.Cryptography.X509Certificates;
using System.Text;
using Otr.Attestation.Dcap;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>Each way a real quote or its collateral can be wrong gets its own reason.</summary>
public sealed class DcapRejectionTests
{
    private static readonly DcapVerifier Intel = new(DcapVectors.IntelRootDer);
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> AllCases => [.. DcapVectors.AllCases()];

    public static TheoryData<string> Verifying => [.. DcapVectors.Verifying];

    private static string Reject(byte[] quote, DcapCollateral collateral, DateTimeOffset time, DcapVerifier? verifier = null) =>
        Assert.Throws<AttestationRejectedException>(() => (verifier ?? Intel).Verify(quote, collateral, time)).Reason;

    private static string RejectParse(ReadOnlySpan<byte> quote)
    {
        try
        {
            DcapQuote.Parse(quote);
        }
        catch (AttestationRejectedException e)
        {
            return e.Reason;
        }

        throw new Xunit.Sdk.XunitException("The quote parsed.");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Parse_EveryTruncation_IsQuoteTruncated(string name)
    {
        var raw = DcapVectors.Quote(name);
        var length = DcapQuote.Parse(raw).Length;
        for (var cut = 0; cut < length; cut++)
        {
            Assert.Equal(DcapReasons.QuoteTruncated, RejectParse(raw.AsSpan(0, cut)));
        }

        Assert.Equal(length, DcapQuote.Parse(raw.AsSpan(0, length)).Length);
    }

    [Fact]
    public void Parse_BadHeaderFields_HaveTheirOwnReasons()
    {
        var raw = DcapVectors.Quote("tdx/phala-v4-uptodate");
        Assert.Equal(DcapReasons.QuoteVersionUnsupported, RejectParse(Patched(raw, 0, 6)));
        Assert.Equal(DcapReasons.QuoteVersionUnsupported, RejectParse(Patched(raw, 0, 2)));
        Assert.Equal(DcapReasons.QuoteKeyTypeUnsupported, RejectParse(Patched(raw, 2, 3)));
        Assert.Equal(DcapReasons.QuoteTeeTypeUnsupported, RejectParse(Patched(raw, 4, 0x82)));
        Assert.Equal(DcapReasons.QuoteTeeTypeUnsupported, RejectParse(Patched(DcapVectors.Quote("sgx/phala-v3"), 4, 0x81)));

        var v5 = DcapVectors.Quote("tdx/automata-v5-90c06f000000");
        Assert.Equal(DcapReasons.QuoteBodyTypeUnsupported, RejectParse(Patched(v5, 48, 4)));
        Assert.Equal(DcapReasons.QuoteBodyTypeUnsupported, RejectParse(Patched(v5, 48, 2))); // TDX 1.0 type with the 648-byte size
        Assert.Equal(DcapReasons.QuoteTeeTypeUnsupported, RejectParse(Patched(Patched(v5, 48, 1), 50, 384)));
    }

    [Fact]
    public void SgxReport_Parse_TakesExactly384Bytes()
    {
        var report = DcapQuote.Parse(DcapVectors.Quote("sgx/phala-v3")).QeReport.Raw;
        Assert.Equal(report, SgxReport.Parse(report).Raw);
        Assert.Equal(DcapReasons.QuoteTruncated, Assert.Throws<AttestationRejectedException>(() => SgxReport.Parse(report.AsSpan(0, 383))).Reason);
        Assert.Equal(DcapReasons.QuoteMalformed, Assert.Throws<AttestationRejectedException>(() => SgxReport.Parse([.. report, 0])).Reason);
    }

    [Fact]
    public void Parse_WrongCertificationDataTypes_AreUnsupported()
    {
        var quote = DcapQuote.Parse(DcapVectors.Quote("tdx/phala-v4-uptodate"));
        var outer = 48 + TdReport.Size10 + 4 + 128;
        Assert.Equal(DcapReasons.CertificationDataUnsupported, RejectParse(Patched(DcapVectors.Quote("tdx/phala-v4-uptodate"), outer, 5)));
        var inner = outer + 6 + SgxReport.Size + 64 + 2 + quote.QeAuthData.Length;
        Assert.Equal(DcapReasons.CertificationDataUnsupported, RejectParse(Patched(DcapVectors.Quote("tdx/phala-v4-uptodate"), inner, 7)));
        var v3 = DcapQuote.Parse(DcapVectors.Quote("sgx/phala-v3"));
        var v3Type = 48 + SgxReport.Size + 4 + 128 + SgxReport.Size + 64 + 2 + v3.QeAuthData.Length;
        Assert.Equal(DcapReasons.CertificationDataUnsupported, RejectParse(Patched(DcapVectors.Quote("sgx/phala-v3"), v3Type, 6)));
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_FlippedQuoteSignatureByte_IsQuoteSignatureInvalid(string name)
    {
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);
        raw[quote.SignedBytes.Length + 4 + 17] ^= 0x01;
        Assert.Equal(DcapReasons.QuoteSignatureInvalid, Reject(raw, DcapVectors.Collateral(name), DcapVectors.Time(name)));
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_FlippedBodyByte_IsQuoteSignatureInvalid(string name)
    {
        var collateral = DcapVectors.Collateral(name);
        var length = DcapQuote.Parse(DcapVectors.Quote(name)).SignedBytes.Length;
        foreach (var offset in new[] { 0 + 12, length - 1, length - 64, length / 2 })
        {
            var raw = DcapVectors.Quote(name);
            raw[offset] ^= 0x80;
            Assert.Equal(DcapReasons.QuoteSignatureInvalid, Reject(raw, collateral, DcapVectors.Time(name)));
        }
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_FlippedDebugAttribute_BreaksTheQuoteSignature(string name)
    {
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);
        var offset = quote.SignedBytes.Length - (quote.EnclaveReport is null ? (quote.TdReport!.Raw.Length - 120) : (SgxReport.Size - 48));
        raw[offset] ^= (byte)(quote.EnclaveReport is null ? TdReport.DebugFlag : SgxReport.DebugFlag);
        Assert.True(DcapQuote.Parse(raw).Debug);
        Assert.Equal(DcapReasons.QuoteSignatureInvalid, Reject(raw, DcapVectors.Collateral(name), DcapVectors.Time(name)));
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_FlippedQeReportSignatureByte_IsQeReportSignatureInvalid(string name)
    {
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);
        var offset = QeReportOffset(quote) + SgxReport.Size + 40;
        raw[offset] ^= 0x01;
        Assert.Equal(DcapReasons.QeReportSignatureInvalid, Reject(raw, DcapVectors.Collateral(name), DcapVectors.Time(name)));

        var report = DcapVectors.Quote(name);
        report[QeReportOffset(quote) + 64] ^= 0x01; // MRENCLAVE of the QE
        Assert.Equal(DcapReasons.QeReportSignatureInvalid, Reject(report, DcapVectors.Collateral(name), DcapVectors.Time(name)));
    }

    [Theory]
    [MemberData(nameof(Verifying))]
    public void Verify_QeAuthDataChanged_QeReportNoLongerBindsTheAttestationKey(string name)
    {
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);
        Assert.NotEmpty(quote.QeAuthData);
        raw[QeReportOffset(quote) + SgxReport.Size + 64 + 2] ^= 0x01;
        Assert.Equal(DcapReasons.QeReportNotBound, Reject(raw, DcapVectors.Collateral(name), DcapVectors.Time(name)));
    }

    [Fact]
    public void Verify_ReplacedAttestationKey_IsRejected()
    {
        const string name = "tdx/phala-v4-uptodate";
        var raw = DcapVectors.Quote(name);
        var quote = DcapQuote.Parse(raw);
        raw[quote.SignedBytes.Length + 4 + 64 + 5] ^= 0x01;
        Assert.Contains(Reject(raw, DcapVectors.Collateral(name), DcapVectors.Time(name)), new[] { DcapReasons.AttestationKeyInvalid, DcapReasons.QuoteSignatureInvalid });
    }

    [Theory]
    [InlineData("tdx/google-v5-sample", "2026-03-03T14:49:27Z", DcapReasons.TcbInfoExpired)]
    [InlineData("sgx/phala-v3", "2025-06-19T10:56:10Z", DcapReasons.TcbInfoExpired)]
    [InlineData("tdx/automata-v4-00806f050000", "2025-07-04T09:19:32Z", DcapReasons.CrlExpired)]
    [InlineData("sgx/automata-v3-00606a000000", "2025-08-15T05:41:25Z", DcapReasons.CrlExpired)]
    [InlineData("tdx/automata-v5-90c06f000000", "2025-06-14T16:04:25Z", DcapReasons.CertificateExpired)]
    [InlineData("tdx/phala-v4-uptodate", "2025-06-19T10:32:26Z", DcapReasons.QeIdentityExpired)]
    [InlineData("sgx/automata-v3-00606a000000", "2025-09-14T04:36:47Z", DcapReasons.QeIdentityExpired)]
    [InlineData("tdx/phala-v4-uptodate", "2040-01-01T00:00:00Z", DcapReasons.CertificateExpired)]
    public void Verify_OutsideAWindow_NamesTheExpiredPart(string name, string time, string reason) =>
        Assert.Equal(reason, Reject(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Date(time)));

    [Fact]
    public void Verify_CollateralOfAnotherFmspc_IsFmspcMismatch()
    {
        // Same PCK CRL, root CRL and TCB signer; the TCB info is for FMSPC 90C06F000000, the PCK for 00806F050000.
        var collateral = DcapVectors.Collateral("tdx/automata-v5-90c06f000000");
        Assert.Equal(DcapReasons.FmspcMismatch, Reject(DcapVectors.Quote("tdx/automata-v4-00806f050000"), collateral, DcapVectors.Date("2025-06-15T00:00:00Z")));
    }

    [Fact]
    public void Verify_TdQeIdentityForAnSgxQuote_IsQeIdentityMismatch()
    {
        var collateral = DcapVectors.Collateral("sgx/phala-v3") with
        {
            QeIdentityBody = DcapVectors.Collateral("tdx/phala-v4-uptodate").QeIdentityBody,
            QeIdentitySignature = DcapVectors.Collateral("tdx/phala-v4-uptodate").QeIdentitySignature,
        };
        Assert.Equal(DcapReasons.QeIdentityMismatch, Reject(DcapVectors.Quote("sgx/phala-v3"), collateral, DcapVectors.Date("2025-06-20T00:00:00Z")));
    }

    [Fact]
    public void Verify_TcbInfoBytesChanged_IsTcbInfoSignatureInvalid_EvenWhenOnlyReserialised()
    {
        const string name = "tdx/phala-v4-uptodate";
        var real = DcapVectors.Collateral(name);
        var text = Encoding.UTF8.GetString(real.TcbInfoBody);
        var changed = real with { TcbInfoBody = Encoding.UTF8.GetBytes(text.Replace("\"OutOfDate\"", "\"UpToDate\"", StringComparison.Ordinal)) };
        Assert.Equal(DcapReasons.TcbInfoSignatureInvalid, Reject(DcapVectors.Quote(name), changed, DcapVectors.Time(name)));

        var reserialised = real with { TcbInfoBody = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(text).RootElement, Indented)) };
        Assert.Equal(DcapReasons.TcbInfoSignatureInvalid, Reject(DcapVectors.Quote(name), reserialised, DcapVectors.Time(name)));

        var signature = real with { TcbInfoSignature = Flip(real.TcbInfoSignature, 3) };
        Assert.Equal(DcapReasons.TcbInfoSignatureInvalid, Reject(DcapVectors.Quote(name), signature, DcapVectors.Time(name)));
    }

    [Fact]
    public void Verify_QeIdentityBytesChanged_IsQeIdentitySignatureInvalid()
    {
        const string name = "sgx/automata-v3-00606a000000";
        var real = DcapVectors.Collateral(name);
        var changed = real with { QeIdentityBody = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(real.QeIdentityBody).Replace("\"isvprodid\":1", "\"isvprodid\":2", StringComparison.Ordinal)) };
        Assert.NotEqual(real.QeIdentityBody, changed.QeIdentityBody);
        Assert.Equal(DcapReasons.QeIdentitySignatureInvalid, Reject(DcapVectors.Quote(name), changed, DcapVectors.Time(name)));
    }

    [Fact]
    public void Verify_CrlsSwappedOrCorrupted_IsCrlInvalid()
    {
        const string name = "tdx/automata-v4-00806f050000";
        var real = DcapVectors.Collateral(name);
        var time = DcapVectors.Time(name);
        Assert.Equal(DcapReasons.CrlInvalid, Reject(DcapVectors.Quote(name), real with { PckCrl = real.RootCaCrl }, time));
        Assert.Equal(DcapReasons.CrlInvalid, Reject(DcapVectors.Quote(name), real with { RootCaCrl = real.PckCrl }, time));
        Assert.Equal(DcapReasons.CrlInvalid, Reject(DcapVectors.Quote(name), real with { PckCrl = Flip(real.PckCrl, real.PckCrl.Length - 5) }, time));
        Assert.Equal(DcapReasons.CrlInvalid, Reject(DcapVectors.Quote(name), real with { RootCaCrl = real.RootCaCrl[..40] }, time));
    }

    [Fact]
    public void Verify_PckCaAsTcbSigner_IsTcbSigningChainInvalid()
    {
        const string name = "tdx/automata-v4-00806f050000";
        var real = DcapVectors.Collateral(name);
        Assert.Equal(DcapReasons.TcbSigningChainInvalid, Reject(DcapVectors.Quote(name), real with { TcbInfoIssuerChain = real.PckCrlIssuerChain }, DcapVectors.Time(name)));
        Assert.Equal(DcapReasons.TcbSigningChainInvalid, Reject(DcapVectors.Quote(name), real with { QeIdentityIssuerChain = [] }, DcapVectors.Time(name)));
    }

    [Fact]
    public void Verify_TcbSigningCertificates_WithTheSameKey_AreChosenByTheirValidityDates()
    {
        // SOURCES.md: the 2018-2025 and the 2025-2032 TCB signing certificates share one key; only dates tell them apart.
        var old = DcapVectors.Collateral("tdx/google-v4-spr-e4").TcbInfoIssuerChain;
        var current = DcapVectors.Collateral("tdx/automata-v4-00806f050000");
        Assert.Equal(
            X509CertificateLoader.LoadCertificate(old[0]).PublicKey.EncodedKeyValue.RawData,
            X509CertificateLoader.LoadCertificate(current.TcbInfoIssuerChain[0]).PublicKey.EncodedKeyValue.RawData);

        const string name = "tdx/automata-v4-00806f050000";
        Assert.Equal(DcapReasons.CertificateExpired, Reject(DcapVectors.Quote(name), current with { TcbInfoIssuerChain = old }, DcapVectors.Time(name)));

        const string early = "tdx/google-v4-spr-e4";
        var earlyCollateral = DcapVectors.Collateral(early);
        Assert.Equal(DcapReasons.CertificateExpired, Reject(DcapVectors.Quote(early), earlyCollateral with { QeIdentityIssuerChain = current.QeIdentityIssuerChain }, DcapVectors.Time(early)));
    }

    [Fact]
    public void Verify_OutOfDateTcb_IsReportedNotRejected()
    {
        const string name = "tdx/automata-v4-00806f050000";
        var evidence = Intel.Verify(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Time(name));
        Assert.Equal("OutOfDate", evidence.TcbStatus);
        Assert.Equal(["INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986"], evidence.Advisories);
    }

    [Fact]
    public void RequireReportData_DetectsAMismatch()
    {
        const string name = "sgx/phala-v3";
        var evidence = Intel.Verify(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Time(name));
        var expected = evidence.ReportData.ToArray();
        DcapVerifier.RequireReportData(evidence, expected);
        Assert.StartsWith("Hello, world!", Encoding.ASCII.GetString(expected), StringComparison.Ordinal);
        expected[63] ^= 1;
        Assert.Equal(DcapReasons.ReportDataMismatch, Assert.Throws<AttestationRejectedException>(() => DcapVerifier.RequireReportData(evidence, expected)).Reason);
        Assert.Equal(DcapReasons.ReportDataMismatch, Assert.Throws<AttestationRejectedException>(() => DcapVerifier.RequireReportData(evidence, expected.AsSpan(0, 32))).Reason);
    }

    [Fact]
    public void Verify_RealQuoteUnderAnotherPinnedRoot_IsUntrustedRoot()
    {
        const string name = "tdx/phala-v4-uptodate";
        using var pki = new DcapTestPki(PckOf(name), DcapVectors.Time(name));
        Assert.Equal(DcapReasons.PckChainUntrustedRoot, Reject(DcapVectors.Quote(name), DcapVectors.Collateral(name), DcapVectors.Time(name), pki.Verifier));
    }

    internal static X509Certificate2 PckOf(string name) =>
        X509CertificateLoader.LoadCertificate(DcapCollateral.PemToDer(DcapQuote.Parse(DcapVectors.Quote(name)).PckCertChainPem, "PCK chain")[0]);

    internal static int QeReportOffset(DcapQuote quote) => quote.SignedBytes.Length + 4 + 128 + (quote.Version == 3 ? 0 : 6);

    private static byte[] Patched(byte[] raw, int offset, ushort value)
    {
        var copy = raw.ToArray();
        copy[offset] = (byte)value;
        copy[offset + 1] = (byte)(value >> 8);
        return copy;
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = bytes.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }
}
