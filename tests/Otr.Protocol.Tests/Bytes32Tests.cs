using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class Bytes32Tests
{
    [Fact]
    public void Parse_ToStringOutput_RoundTrips() =>
        Gens.Bytes32.Sample(b => Bytes32.Parse(b.ToString()) == b);

    [Theory]
    [InlineData("0x" + " f")]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000 1")]
    [InlineData("0x000000000000000000000000000000000000000000000000000000000000000g")]
    [InlineData("0x00")]
    [InlineData("")]
    public void TryParse_NotExactly64HexDigits_Fails(string text) =>
        Assert.False(Bytes32.TryParse(text, out _));

    [Fact]
    public void TryParse_UpperCaseWithoutPrefix_Succeeds()
    {
        Assert.True(Bytes32.TryParse(new string('A', 64), out var value));
        Assert.Equal("0x" + new string('a', 64), value.ToString());
    }

    [Fact]
    public void Default_IsZero_EqualsZero()
    {
        Assert.Equal(Bytes32.Zero, default);
        Assert.True(default(Bytes32).IsZero);
    }
}
