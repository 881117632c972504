using System.Text.Json;
using Otr.Attestation.Snp;

namespace Otr.Attestation.Tests.Snp;

/// <summary>The SEV-SNP vendor vectors and their facts from TestData/vendor/expected.json.</summary>
internal static class SnpVectors
{
    /// <summary>An instant inside every SEV-SNP vector's validity windows (the VLEK's is the narrowest: 2024-12-10 → 2025-12-10).</summary>
    public static readonly DateTimeOffset Time = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] Cases =
    [
        "google-milan-vcek", "virtee-milan-vcek", "trustee-milan-vcek", "trustee-milan-vlek", "trustee-azure-genoa-vcek", "trustee-azure-milan-vcek",
    ];

    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path("expected.json"))).RootElement.GetProperty("sev_snp"));

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(Path(relative));

    public static JsonElement Facts(string name) => Expected.Value.GetProperty(name);

    /// <summary>The report bytes of a case (hex text for the virtee vector).</summary>
    public static byte[] Report(string name)
    {
        var file = Facts(name).GetProperty("report").GetString()!;
        var bytes = Read(file);
        return file.EndsWith(".hex", StringComparison.Ordinal) ? Convert.FromHexString(System.Text.Encoding.ASCII.GetString(bytes).Trim()) : bytes;
    }

    public static byte[] Vek(string name) => Read(Facts(name).GetProperty("vek").GetString()!);

    /// <summary>The CA chain file the case names (relative to its folder).</summary>
    public static byte[] CaChain(string name)
    {
        var folder = System.IO.Path.GetDirectoryName(Facts(name).GetProperty("report").GetString()!)!;
        return Read(System.IO.Path.Combine(folder, Facts(name).GetProperty("ca_chain").GetString()!));
    }

    public static SnpProduct Product(string name) => Enum.Parse<SnpProduct>(Facts(name).GetProperty("product").GetString()!);

    public static SnpProductRoots Roots(SnpProduct product) => SnpProductRoots.Load(product,
    [
        Read($"roots/amd_ask_ark_asvk_{product.ToString().ToLowerInvariant()}.pem"),
    ]);

    public static SnpVerifier Verifier(SnpVerifierOptions? options = null) =>
        new([Roots(SnpProduct.Milan), Roots(SnpProduct.Genoa), Roots(SnpProduct.Turin)], options);

    public static SnpTcbVersion Tcb(JsonElement tcb) => new(
        (byte)tcb.GetProperty("bootloader").GetInt32(), (byte)tcb.GetProperty("tee").GetInt32(),
        (byte)tcb.GetProperty("snp").GetInt32(), (byte)tcb.GetProperty("microcode").GetInt32());

    public static ulong Hex(JsonElement value) => Convert.ToUInt64(value.GetString()!, 16);
}
