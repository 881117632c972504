using System.Text;
using CsCheck;
using Otr.Attestation.Dcap;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>
/// Bounded fuzzing (fixed seed, one thread, a few seconds): mutated and truncated real quotes and collateral either
/// verify or are rejected with <see cref="AttestationRejectedException"/>, never another exception, never a hang.
/// </summary>
public sealed class DcapFuzzTests
{
    private const string Seed = "0N0XIzNsQ0O2";
    private static readonly DcapVerifier Verifier = new(DcapVectors.IntelRootDer);
    private static readonly string[] Cases = [.. DcapVectors.AllCases()];

    /// <summary>Truncation, byte overwrites and 32-bit overwrites (lengths) anywhere in a quote.</summary>
    private static byte[] Mutate(byte[] raw, int kind, int position, byte value)
    {
        var copy = raw.ToArray();
        var at = position % copy.Length;
        switch (kind)
        {
            case 0:
                return copy[..at];
            case 1:
                copy[at] = value;
                return copy;
            case 2:
                for (var i = at; i < Math.Min(at + 4, copy.Length); i++)
                {
                    copy[i] = value;
                }

                return copy;
            default:
                copy[at] ^= (byte)(1 << (value % 8));
                return copy[..Math.Max(at, copy.Length - value)];
        }
    }

    private static void AcceptOrReject(Action action)
    {
        try
        {
            action();
        }
        catch (AttestationRejectedException)
        {
        }
    }

    [Fact]
    public void MutatedQuotes_ParseAndVerify_OnlyEverRejectCleanly()
    {
        Gen.Select(Gen.Int[0, Cases.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((c, kind, position, value) =>
        {
            var name = Cases[c];
            var quote = Mutate(DcapVectors.Quote(name), kind, position, value);
            AcceptOrReject(() => DcapQuote.Parse(quote));
            if (DcapVectors.Verifying.Contains(name) || DcapVectors.NoTcbLevel.Contains(name))
            {
                AcceptOrReject(() => Verifier.Verify(quote, DcapVectors.Collateral(name), DcapVectors.Time(name)));
            }
        }, seed: Seed, iter: 300, threads: 1);
    }

    [Fact]
    public void MutatedCollateralFiles_LoadAndVerify_OnlyEverRejectCleanly()
    {
        string[] files = ["tcb_info.json", "qe_identity.json", "collateral.json", "pck_crl.der", "root_ca_crl.der"];
        Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((f, kind, position, value) =>
        {
            var name = files[f] == "collateral.json" ? "tdx/phala-v4-uptodate" : "tdx/automata-v4-00806f050000";
            var directory = Path.Combine(DcapVectors.Root, name);
            var bytes = Mutate(File.ReadAllBytes(Path.Combine(directory, files[f])), kind, position, value);
            AcceptOrReject(() =>
            {
                DcapCollateral collateral;
                if (files[f] == "collateral.json")
                {
                    collateral = DcapCollateral.FromPhalaJson(bytes);
                }
                else
                {
                    var real = DcapVectors.Collateral(name);
                    collateral = files[f] switch
                    {
                        "tcb_info.json" => DcapCollateral.FromPcs(bytes, File.ReadAllBytes(Path.Combine(directory, "qe_identity.json")), real.TcbInfoIssuerChain, real.QeIdentityIssuerChain, real.PckCrl, real.RootCaCrl, []),
                        "qe_identity.json" => DcapCollateral.FromPcs(File.ReadAllBytes(Path.Combine(directory, "tcb_info.json")), bytes, real.TcbInfoIssuerChain, real.QeIdentityIssuerChain, real.PckCrl, real.RootCaCrl, []),
                        "pck_crl.der" => real with { PckCrl = bytes },
                        _ => real with { RootCaCrl = bytes },
                    };
                }

                Verifier.Verify(DcapVectors.Quote(name), collateral, DcapVectors.Time(name));
            });
        }, seed: Seed, iter: 300, threads: 1);
    }

    [Fact]
    public void MutatedCollateralJson_ResignedUnderTheTestRoot_ReachesTheTcbEvaluation_AndOnlyEverRejectsCleanly()
    {
        const string name = "tdx/automata-v5-90c06f000000";
        using var pki = new DcapTestPki(DcapRejectionTests.PckOf(name), DcapVectors.Time(name));
        var real = DcapVectors.Collateral(name);
        var quote = DcapQuote.Parse(DcapVectors.Quote(name));
        var outcomes = new HashSet<string>();
        Gen.Select(Gen.Int[0, 1], Gen.Int[1, 3], Gen.Int[0, int.MaxValue], Gen.Byte).Sample((which, kind, position, value) =>
        {
            string Edit(string json) => Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(json), kind, position, (byte)(0x20 + (value % 0x5f))));
            var collateral = which == 0 ? pki.Collateral(real, editTcbInfo: Edit) : pki.Collateral(real, editQeIdentity: Edit);
            var resigned = pki.ResignQuote(quote, signed => signed[(position / 7) % signed.Length] ^= value);
            try
            {
                outcomes.Add(pki.Verifier.Verify(resigned, collateral, DcapVectors.Time(name)).TcbStatus);
            }
            catch (AttestationRejectedException e)
            {
                outcomes.Add(e.Reason);
            }
        }, seed: Seed, iter: 100, threads: 1);
        Assert.True(outcomes.Count > 3, string.Join(", ", outcomes));
    }
}
