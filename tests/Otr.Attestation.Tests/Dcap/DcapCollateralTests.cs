using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Dcap;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>Collateral parsing against the facts expected.json computed independently (Python cryptography, OpenSSL).</summary>
public sealed class DcapCollateralTests
{
    public static TheoryData<string> Complete => [.. DcapVectors.Verifying.Concat(DcapVectors.NoTcbLevel)];

    [Theory]
    [MemberData(nameof(Complete))]
    public void TcbInfoAndQeIdentity_ParseToTheExpectedFields(string name)
    {
        var expected = DcapVectors.Case(name);
        var collateral = DcapVectors.Collateral(name);
        var tcb = TcbInfo.Parse(collateral.TcbInfoBody);
        var facts = expected.GetProperty("tcb_info");
        Assert.Equal(facts.GetProperty("id").GetString(), tcb.Id);
        Assert.Equal(facts.GetProperty("version").GetInt32(), tcb.Version);
        Assert.Equal(DcapVectors.Date(facts.GetProperty("issueDate").GetString()!), tcb.IssueDate);
        Assert.Equal(DcapVectors.Date(facts.GetProperty("nextUpdate").GetString()!), tcb.NextUpdate);
        Assert.Equal(facts.GetProperty("fmspc").GetString(), Convert.ToHexString(tcb.Fmspc), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(facts.GetProperty("tcbEvaluationDataNumber").GetInt32(), tcb.TcbEvaluationDataNumber);
        Assert.NotEmpty(tcb.TcbLevels);
        Assert.All(tcb.TcbLevels, level => Assert.Equal(16, level.SgxComponents.Count));
        Assert.All(tcb.TcbLevels, level => Assert.Equal(tcb.Id == "TDX" ? 16 : 0, level.TdxComponents.Count));

        var qe = QeIdentity.Parse(collateral.QeIdentityBody);
        var qeFacts = expected.GetProperty("qe_identity");
        Assert.Equal(qeFacts.GetProperty("id").GetString(), qe.Id);
        Assert.Equal(qeFacts.GetProperty("version").GetInt32(), qe.Version);
        Assert.Equal(DcapVectors.Date(qeFacts.GetProperty("issueDate").GetString()!), qe.IssueDate);
        Assert.Equal(DcapVectors.Date(qeFacts.GetProperty("nextUpdate").GetString()!), qe.NextUpdate);
    }

    [Theory]
    [MemberData(nameof(Complete))]
    public void Crls_ParseToTheExpectedWindowsAndEntries_AndAgreeWithDotNet(string name)
    {
        var expected = DcapVectors.Case(name);
        var collateral = DcapVectors.Collateral(name);
        foreach (var (der, key) in new[] { (collateral.PckCrl, "pck_crl"), (collateral.RootCaCrl, "root_ca_crl") })
        {
            var crl = DcapCrl.Parse(der, key);
            var facts = expected.GetProperty(key);
            Assert.Equal(DcapVectors.Date(facts.GetProperty("thisUpdate").GetString()!), crl.ThisUpdate);
            Assert.Equal(DcapVectors.Date(facts.GetProperty("nextUpdate").GetString()!), crl.NextUpdate);
            Assert.Equal(facts.GetProperty("revoked_entries").GetInt32(), crl.RevokedCount);
        }

        // Differential: .NET's own CRL reader finds the PCK's serial exactly when ours does (here: never).
        var pck = DcapRejectionTests.PckOf(name);
        var builder = CertificateRevocationListBuilder.Load(collateral.PckCrl, out BigInteger _);
        Assert.Equal(DcapCrl.Parse(collateral.PckCrl, "PCK CRL").IsRevoked(pck), builder.RemoveEntry(pck.SerialNumberBytes.Span));
        Assert.False(expected.GetProperty("pck_crl").GetProperty("pck_cert_revoked").GetBoolean());
    }

    [Fact]
    public void TestCrl_ListsExactlyWhatDotNetLists()
    {
        const string name = "tdx/phala-v4-uptodate";
        using var pki = new DcapTestPki(DcapRejectionTests.PckOf(name), DcapVectors.Time(name));
        var der = pki.Crl(pki.Ca, pki.CaKey, pki.Pck);
        var crl = DcapCrl.Parse(der, "test CRL");
        Assert.True(crl.IsRevoked(pki.Pck));
        Assert.False(crl.IsRevoked(pki.Ca));
        var builder = CertificateRevocationListBuilder.Load(der, out BigInteger _);
        Assert.True(builder.RemoveEntry(pki.Pck.SerialNumberBytes.Span));
        Assert.False(builder.RemoveEntry(pki.Ca.SerialNumberBytes.Span));
        Assert.Equal(1, crl.RevokedCount);
    }

    [Fact]
    public void PhalaCollateral_AndPcsFiles_GiveTheSameSignedBytes()
    {
        // The QE identity of the composed google-v5 case comes from the PCS file of google-v4; its signature must verify
        // over the same bytes whichever loader read it (checked by verification); here: the loaders keep the raw bytes.
        var pcs = DcapCollateral.FromDirectory(Path.Combine(DcapVectors.Root, "tdx/google-v4-spr-e4"));
        var text = File.ReadAllText(Path.Combine(DcapVectors.Root, "tdx/google-v4-spr-e4/qe_identity.json"));
        Assert.Contains(System.Text.Encoding.UTF8.GetString(pcs.QeIdentityBody), text, StringComparison.Ordinal);
        Assert.Equal(2, pcs.TcbInfoIssuerChain.Count);
        Assert.Equal(2, pcs.PckCrlIssuerChain.Count);
        Assert.Equal("Intel SGX TCB Signing", X509CertificateLoader.LoadCertificate(pcs.TcbInfoIssuerChain[0]).GetNameInfo(X509NameType.SimpleName, false));
    }
}
