using System.Globalization;
using System.Text.Json;
using Otr.Attestation.Dcap;

namespace Otr.Attestation.Tests.Dcap;

/// <summary>The real Intel vectors under TestData/vendor and their facts from expected.json.</summary>
internal static class DcapVectors
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "vendor");

    private static readonly Lazy<JsonDocument> Expected = new(() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json"))));

    /// <summary>Vectors with complete collateral that verify.</summary>
    public static readonly string[] Verifying =
    [
        "tdx/phala-v4-uptodate",
        "sgx/phala-v3",
        "tdx/automata-v4-00806f050000",
        "tdx/automata-v5-90c06f000000",
        "sgx/automata-v3-00606a000000",
        "tdx/google-v5-sample",
    ];

    /// <summary>Vectors with complete collateral where no TCB level matches (SOURCES.md: a correct verifier rejects).</summary>
    public static readonly string[] NoTcbLevel = ["tdx/phala-v5-outdated", "tdx/google-v4-spr-e4"];

    /// <summary>Every expected.json case with a quote.</summary>
    public static IEnumerable<string> AllCases() => Cases.EnumerateObject().Select(p => p.Name);

    public static JsonElement Cases => Expected.Value.RootElement.GetProperty("tdx_sgx");

    public static JsonElement Case(string name) => Cases.GetProperty(name);

    public static byte[] Quote(string name) => File.ReadAllBytes(Path.Combine(Root, Case(name).GetProperty("quote").GetString()!));

    public static byte[] IntelRootDer => File.ReadAllBytes(Path.Combine(Root, "roots", "intel_sgx_root_ca.der"));

    public static DateTimeOffset Time(string name) => Date(Case(name).GetProperty("verification_time").GetString()!);

    public static (DateTimeOffset From, DateTimeOffset To) Window(string name)
    {
        var window = Case(name).GetProperty("collateral_valid_window");
        return (Date(window[0].GetString()!), Date(window[1].GetString()!));
    }

    public static DateTimeOffset Date(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DcapCollateral> Loaded = new(StringComparer.Ordinal);

    /// <summary>The collateral of a vector (cached: callers change it only through <c>with</c>, never in place).</summary>
    public static DcapCollateral Collateral(string name) => Loaded.GetOrAdd(name, Load);

    private static DcapCollateral Load(string name)
    {
        var directory = Path.Combine(Root, name);
        if (name == "tdx/google-v5-sample")
        {
            // SOURCES.md: the go-tdx-guest TCB info, composed with the QE identity, CRLs and chains of phala-v5-outdated.
            var phala = DcapCollateral.FromPhalaJson(File.ReadAllBytes(Path.Combine(Root, "tdx/phala-v5-outdated/collateral.json")));
            var google = DcapCollateral.FromPcs(
                File.ReadAllBytes(Path.Combine(directory, "tcb_info.json")),
                File.ReadAllBytes(Path.Combine(Root, "tdx/google-v4-spr-e4/qe_identity.json")),
                phala.TcbInfoIssuerChain,
                phala.QeIdentityIssuerChain,
                phala.PckCrl,
                phala.RootCaCrl,
                phala.PckCrlIssuerChain);
            return phala with { TcbInfoBody = google.TcbInfoBody, TcbInfoSignature = google.TcbInfoSignature };
        }

        var phalaFile = Path.Combine(directory, "collateral.json");
        return File.Exists(phalaFile) ? DcapCollateral.FromPhalaJson(File.ReadAllBytes(phalaFile)) : DcapCollateral.FromDirectory(directory);
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
