using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TreeHashTests
{
    [Fact]
    public void Leaf_AnyPayload_IsKeccakOfZeroTagAndPayload() =>
        Gen.Byte.Array[0, 300].Sample(payload =>
            TreeHash.Leaf(payload) == Keccak.Hash([0x00, .. payload]));

    [Fact]
    public void Node_AnyChildren_IsKeccakOfOneTagLeftRight() =>
        Gen.Select(Gens.Bytes32, Gens.Bytes32).Sample((l, r) =>
            TreeHash.Node(l, r) == Keccak.Hash([0x01, .. l.ToArray(), .. r.ToArray()]));

    [Fact]
    public void Leaf_SixtyFourBytePayload_DiffersFromNodeOfSameBytes() =>
        Gen.Select(Gens.Bytes32, Gens.Bytes32).Sample((l, r) =>
            TreeHash.Leaf([.. l.ToArray(), .. r.ToArray()]) != TreeHash.Node(l, r));
}
