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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(134)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(271)]
    [InlineData(272)]
    [InlineData(273)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void Hash_BoundaryAndLongLengths_MatchesReferenceAndNethereum(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)((i * 131) ^ (i >> 8))).ToArray();
        var expected = Sha3Keccack.Current.CalculateHash(data);
        Assert.Equal(expected, KeccakReference.Hash(data));
        Assert.Equal(expected, Keccak.Hash(data).ToArray());
    }

    [Fact]
    public void Hash_RandomParts_MatchesTheReferenceSponge() =>
        Gen.Byte.Array[0, 400].Array[0, 4].Sample(parts =>
            Keccak.Hash(parts).Span.SequenceEqual(KeccakReference.Hash(parts)), iter: 300);

    [Fact]
    public void Permute_ZeroState_MatchesTheKeccakTeamIntermediateValues()
    {
        // Keccak-f[1600] of the all-zero state, first four lanes (XKCP KeccakF-1600-IntermediateValues.txt).
        var state = new ulong[25];
        KeccakSponge.Permute(state);
        Assert.Equal([0xF1258F7940E1DDE7UL, 0x84D5CCF933C0478AUL, 0xD598261EA65AA9EEUL, 0xBD1547306F80494DUL], state[..4]);
    }

    [Fact]
    public void FinishInto_RandomInput_WritesTheDigestOfFinish() =>
        Gen.Byte.Array[0, 300].Sample(data =>
        {
            var sponge = default(KeccakSponge);
            sponge.Absorb(data);
            var digest = new byte[32];
            sponge.FinishInto(digest);
            return digest.AsSpan().SequenceEqual(Keccak.Hash(data).Span);
        });
}
