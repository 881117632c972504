using Otr.Protocol;

namespace Otr.Attestation.Tests;

public sealed class MeasurementDigestTests
{
    private static Dictionary<string, string> Tdx() => new()
    {
        ["mrtd"] = new string('1', 96),
        ["rtmr0"] = new string('2', 96),
        ["rtmr1"] = new string('3', 96),
        ["rtmr2"] = new string('4', 96),
        ["rtmr3"] = new string('5', 96),
        ["mrowner"] = new string('6', 96),
    };

    [Fact]
    public void Of_Tdx_IsKeccakOfTheTaggedImageRegisters()
    {
        var expected = Keccak.Hash([
            .. "otr-measurement-v1:IntelTdx"u8,
            .. "mrtd"u8, 0, .. Convert.FromHexString(new string('1', 96)),
            .. "rtmr0"u8, 0, .. Convert.FromHexString(new string('2', 96)),
            .. "rtmr1"u8, 0, .. Convert.FromHexString(new string('3', 96)),
            .. "rtmr2"u8, 0, .. Convert.FromHexString(new string('4', 96))]);

        Assert.Equal(expected, MeasurementDigest.Of(TeeKind.IntelTdx, Tdx()));
    }

    [Fact]
    public void Of_RegistersOutsideTheImage_DoNotChangeIt()
    {
        var other = Tdx();
        other["rtmr3"] = new string('a', 96);
        other["mrowner"] = new string('b', 96);

        Assert.Equal(MeasurementDigest.Of(TeeKind.IntelTdx, Tdx()), MeasurementDigest.Of(TeeKind.IntelTdx, other));
    }

    [Theory]
    [InlineData("mrtd")]
    [InlineData("rtmr0")]
    [InlineData("rtmr2")]
    public void Of_AnImageRegisterChanged_ChangesIt(string register)
    {
        var other = Tdx();
        other[register] = new string('f', 96);

        Assert.NotEqual(MeasurementDigest.Of(TeeKind.IntelTdx, Tdx()), MeasurementDigest.Of(TeeKind.IntelTdx, other));
    }

    [Fact]
    public void Of_MissingOrBadRegisterOrSimulatedKind_IsAnError()
    {
        var missing = Tdx();
        missing.Remove("rtmr1");
        Assert.Contains("lack register 'rtmr1'", Assert.Throws<ArgumentException>(() => MeasurementDigest.Of(TeeKind.IntelTdx, missing)).Message, StringComparison.Ordinal);
        var bad = Tdx();
        bad["mrtd"] = "zz";
        Assert.Contains("not hex", Assert.Throws<ArgumentException>(() => MeasurementDigest.Of(TeeKind.IntelTdx, bad)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurementDigest.Of(TeeKind.Simulated, Tdx()));
        Assert.NotEqual(
            MeasurementDigest.Of(TeeKind.IntelSgx, new Dictionary<string, string> { ["mrenclave"] = "00" }),
            MeasurementDigest.Of(TeeKind.AmdSevSnp, new Dictionary<string, string> { ["measurement"] = "00" }));
    }
}
