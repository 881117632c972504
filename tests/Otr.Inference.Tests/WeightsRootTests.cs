using System.Buffers.Binary;
using CsCheck;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Inference.Tests;

public sealed class WeightsRootTests
{
    private static readonly Q8Model Model = DemoModelFactory.Create();

    [Fact]
    public void WeightsRoot_DemoModel_IsPinned()
    {
        // the registered demo model: change DemoModelFactory only deliberately (and re-register)
        Assert.Equal(Bytes32.Parse("0x774937b712c27f855782deef16fd084ae2c247ea06ce13c6e4ea3bb4a01624d0"), Model.WeightsRoot);
        Assert.Equal(3096, Model.WeightsTree.Leaves.Count);
    }

    [Fact]
    public void WeightsRoot_Leaves_FollowTheEncodingsSpec()
    {
        var leaves = new List<Bytes32>();
        for (var ti = 0; ti < Model.Tensors.Count; ti++)
        {
            var t = Model.Tensors[ti];
            for (var row = 0; row < t.RowCount; row++)
            {
                var bytes = new byte[t.RowLength * t.ElementSize];
                t.WriteRow(row, bytes);
                var payload = new byte[8 + bytes.Length];
                BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)ti);
                BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)row);
                bytes.CopyTo(payload, 8);
                leaves.Add(Keccak.Hash([0x00, .. payload]));
            }
        }

        Assert.Equal(MerkleTree.Root(leaves), Model.WeightsRoot);
    }

    [Fact]
    public void WeightsTree_Int32Row_IsBigEndian()
    {
        var payload = Model.WeightsTree.RowPayload(Q8Layout.ConfigIndex, 0);
        Assert.Equal(8 + (4 * Q8ModelConfig.VectorLength), payload.Length);
        Assert.Equal(Q8ModelConfig.LayoutVersion, BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(8)));
        Assert.Equal(Model.Config.VocabSize, BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(12)));
    }

    [Fact]
    public void WeightsTree_AnyRow_OpensAgainstTheRoot()
    {
        var tree = Model.WeightsTree;
        Gen.Int[0, Model.Tensors.Count - 1].SelectMany(ti => Gen.Int[0, Model.Tensors[ti].RowCount - 1].Select(row => (ti, row))).Sample(x =>
        {
            var leaf = TreeHash.Leaf(tree.RowPayload(x.ti, x.row));
            Assert.True(MerkleTree.Verify(tree.Root, leaf, tree.LeafIndex(x.ti, x.row), tree.Proof(x.ti, x.row)));
        }, iter: 20);
    }

    [Fact]
    public void WeightsRoot_OneFlippedWeight_ChangesRootAndTrace()
    {
        var wv = Model.Tensor("layer2.wv");
        var flipped = Model.WithTensor(wv.WithElement(5, wv.Int8[5] >= 0 ? -128 : 127));
        Assert.NotEqual(Model.WeightsRoot, flipped.WeightsRoot);

        var prompt = ByteTokenizer.EncodePrompt("Hello");
        var a = new CollectingTraceSink();
        var b = new CollectingTraceSink();
        new ReferenceInterpreter(Model).Generate(prompt, new DecodingParams(4, 0, 0), a);
        new ReferenceInterpreter(flipped).Generate(prompt, new DecodingParams(4, 0, 0), b);
        Assert.Equal(a.Leaves[0], b.Leaves[0]); // the embedding does not use layer 2
        Assert.Equal(a.Leaves[1], b.Leaves[1]); // nor does layer 1
        Assert.NotEqual(a.Leaves[2], b.Leaves[2]); // layer 2 at position 0 reads the changed row of Wv
    }

    [Fact]
    public void WeightsRoot_ChangedRequantConstant_ChangesRoot()
    {
        var config = Model.Tensor("config");
        var changed = Model.WithTensor(config.WithElement(9, config.Int32[9] + 1)); // Query shift
        Assert.NotEqual(Model.WeightsRoot, changed.WeightsRoot);
        Assert.Equal(Model.Config.Query.Shift + 1, changed.Config.Query.Shift);
    }
}
