using System.Text;
using System.Text.Json;
using Otr.Attestation.Nvidia;

namespace Otr.Attestation.Tests.Nvidia;

/// <summary>The NVIDIA vendor vectors and their facts from TestData/vendor/expected.json.</summary>
internal static class NvidiaVectors
{
    /// <summary>Inside every RIM signing certificate's window (the nvtrust test RIM signer expires 2025-06-22); device certs run to 9999.</summary>
    public static readonly DateTimeOffset Time = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Sample = "hopper-nvtrust-sample";
    public const string CocoCi = "hopper-coco-ci";
    public const string SampleDriverRim = "nvidia/hopper-nvtrust-sample/driver_rim_test_no_gpu.swidtag";
    public const string SampleVbiosRim = "nvidia/hopper-nvtrust-sample/vbios_rim_1010_0200_882_96005E0001_test_no_gpu.swidtag";
    public const string CocoVbiosRim = "nvidia/hopper-coco-ci/vbios_rim_1010_0200_882_960074001A_PROD.swidtag";

    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path("expected.json"))).RootElement.GetProperty("nvidia"));

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "vendor", relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(Path(relative));

    public static JsonElement Facts(string name) => Expected.Value.GetProperty(name);

    public static string ReportHex(string name) => Encoding.ASCII.GetString(Read(Facts(name).GetProperty("report").GetString()!));

    public static byte[] Report(string name) => Convert.FromHexString(ReportHex(name).Trim());

    public static byte[] Chain(string name) => Read(Facts(name).GetProperty("cert_chain").GetString()!);

    public static byte[] Nonce(string name) => Convert.FromHexString(Facts(name).GetProperty("nonce").GetString()!);

    public static NvidiaRoots Roots() => NvidiaRoots.Load(Read("roots/nvidia_device_identity_root.pem"), Read("roots/nvidia_rim_root.pem"));
}
