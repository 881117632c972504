using CsCheck;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class LeafHasherTests
{
    [Fact]
    public void Leaf_AnyPayload_MatchesProtocolTreeHash()
    {
        Gen.Byte.Array[0, 600].Sample(payload => Assert.Equal(TreeHash.Leaf(payload), LeafHasher.Leaf(payload)), iter: 3_000);
    }

    [Fact]
    public void Leaf_PayloadsAroundTheRate_MatchProtocolTreeHash()
    {
        // 0x00 ‖ payload crosses the 136-byte block boundary at payload lengths 134..137 and 270..273
        for (var length = 0; length <= 410; length++)
        {
            var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();
            Assert.Equal(TreeHash.Leaf(payload), LeafHasher.Leaf(payload));
        }
    }

    [Fact]
    public void Hash_EmptyKeccak_IsTheKnownValue()
    {
        // keccak256(0x00)
        Assert.Equal(Keccak.Hash([0x00]), LeafHasher.Leaf([]));
        Assert.Equal(Bytes32.Parse("0xbc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a"), LeafHasher.Leaf([]));
    }
}
