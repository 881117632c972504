using CsCheck;
using Nethereum.Util;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class KeccakTests
{
    [Fact]
    public void Hash_EmptyInput_MatchesEthereumConstant() =>
        Assert.Equal(
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            Keccak.Hash(ReadOnlySpan<byte>.Empty).ToString());

    [Fact]
    public void HashUtf8_Abc_MatchesPublishedVector() =>
        Assert.Equal(
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
            Keccak.HashUtf8("abc").ToString());

    [Theory]
    [InlineData(1)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    [InlineData(1000)]
    public void Hash_LengthsAroundTheRate_MatchesNethereum(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(data)), Convert.ToHexStringLower(Keccak.Hash(data).Span));
    }

    [Fact]
    public void Hash_RandomBytes_MatchesNethereum() =>
        Gen.Byte.Array[0, 700].Sample(data =>
            Keccak.Hash(data).Span.SequenceEqual(Sha3Keccack.Current.CalculateHash(data)));

    [Fact]
    public void Hash_Parts_EqualsHashOfConcatenation() =>
        Gen.Byte.Array[0, 300].Array[0, 5].Sample(parts =>
            Keccak.Hash(parts) == Keccak.Hash(parts.SelectMany(p => p).ToArray()));
}
