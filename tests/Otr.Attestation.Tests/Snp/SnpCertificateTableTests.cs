using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Snp;

/// <summary>The host's SEV-SNP certificate table (configfs-tsm auxblob), with real AMD certificates.</summary>
public sealed class SnpCertificateTableTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", "sev-snp", "google-milan-vcek");
    private static readonly byte[] Vcek = File.ReadAllBytes(Path.Combine(Dir, "vcek.der"));
    private static readonly X509Certificate2Collection Chain = Load();

    private static X509Certificate2Collection Load()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Path.Combine(Dir, "ask_ark_milan.pem"));
        return chain;
    }

    [Fact]
    public void ToPem_PutsTheVcekFirstThenAskAndArk()
    {
        var table = SnpCertificateTable.Build([(SnpCertificateTable.Ark, Chain[1].RawData), (SnpCertificateTable.Vcek, Vcek), (SnpCertificateTable.Ask, Chain[0].RawData)]);
        var pem = new X509Certificate2Collection();
        pem.ImportFromPem(System.Text.Encoding.ASCII.GetString(SnpCertificateTable.ToPem(table)));

        Assert.Equal(3, pem.Count);
        Assert.Equal(Vcek, pem[0].RawData);
        Assert.Equal(Chain[0].RawData, pem[1].RawData);
        Assert.Equal(Chain[1].RawData, pem[2].RawData);
    }

    [Fact]
    public void Parse_GuidsAreTheSpecsByteLayout()
    {
        // GHCB spec: the VCEK GUID 63da758d-e664-4564-adc5-f4b93be8accd, stored as in UEFI (first three fields little-endian).
        var table = SnpCertificateTable.Build([(SnpCertificateTable.Vcek, Vcek)]);
        Assert.Equal(Convert.FromHexString("8d75da6364e66445adc5f4b93be8accd"), table.AsSpan(0, 16).ToArray());
        Assert.Equal(Vcek, SnpCertificateTable.Parse(table)[SnpCertificateTable.Vcek]);
    }

    [Fact]
    public void Malformed_Tables_AreRejectedWithAReason()
    {
        var table = SnpCertificateTable.Build([(SnpCertificateTable.Vcek, Vcek)]);
        Assert.Equal(CertificateTools.MalformedReason, Assert.Throws<AttestationRejectedException>(() => SnpCertificateTable.Parse(table.AsSpan(0, 30))).Reason);
        var pointingOut = table.ToArray();
        pointingOut[20] = 0xFF; // length of the VCEK entry
        pointingOut[21] = 0xFF;
        Assert.Equal(CertificateTools.MalformedReason, Assert.Throws<AttestationRejectedException>(() => SnpCertificateTable.Parse(pointingOut)).Reason);
        var askOnly = SnpCertificateTable.Build([(SnpCertificateTable.Ask, Chain[0].RawData)]);
        Assert.Contains("neither a VCEK nor a VLEK", Assert.Throws<AttestationRejectedException>(() => SnpCertificateTable.ToPem(askOnly)).Message, StringComparison.Ordinal);
        var notDer = SnpCertificateTable.Build([(SnpCertificateTable.Vcek, new byte[] { 1, 2, 3 })]);
        Assert.Equal(CertificateTools.MalformedReason, Assert.Throws<AttestationRejectedException>(() => SnpCertificateTable.ToPem(notDer)).Reason);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrowAnythingButARejection()
    {
        var random = new Random(20260101);
        var table = SnpCertificateTable.Build([(SnpCertificateTable.Vcek, Vcek), (SnpCertificateTable.Ask, Chain[0].RawData)]);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 200)] : table.ToArray();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                bytes[random.Next(0, 72)] ^= (byte)random.Next(1, 256);
            }

            try
            {
                SnpCertificateTable.ToPem(bytes);
            }
            catch (AttestationRejectedException)
            {
            }
        }
    }
}
