using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class TraceLeafTests
{
    private static readonly Gen<sbyte[]> Vector = Gen.SByte.Array[0, 300];

    [Fact]
    public void EmbeddingPayload_Example_IsPositionZeroStepAndTwosComplementBytes() =>
        Assert.Equal(
            new byte[] { 0, 0, 1, 2, 0, 0, 0, 0, 0x7F, 0xFF, 0x80, 0x00 },
            TraceLeaf.EmbeddingPayload(258, [127, -1, -128, 0]));

    [Fact]
    public void LayerPayload_Example_ConcatenatesHeaderHKV() =>
        Assert.Equal(
            new byte[] { 0, 0, 0, 5, 0, 0, 0, 3, 1, 2, 0xFE, 4 },
            TraceLeaf.LayerPayload(5, 3, [1], [2, -2], [4]));

    [Fact]
    public void TokenPayload_Example_IsThreeBigEndianWords() =>
        Assert.Equal(
            new byte[] { 0, 0, 0, 9, 0, 0, 0, 5, 0, 0, 0x30, 0x39 },
            TraceLeaf.TokenPayload(9, 5, 12345));

    [Fact]
    public void Embedding_AnyVector_IsLeafOfItsPayload() =>
        Gen.Select(Gen.Int[0, int.MaxValue], Vector).Sample((t, h) =>
            TraceLeaf.Embedding(t, h) == TreeHash.Leaf(TraceLeaf.EmbeddingPayload(t, h)));

    [Fact]
    public void Layer_AnyVectors_IsLeafOfItsPayload() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[1, 100], Vector, Vector, Vector).Sample((t, l, h, k, v) =>
            TraceLeaf.Layer(t, l, h, k, v) == TreeHash.Leaf(TraceLeaf.LayerPayload(t, l, h, k, v)));

    [Fact]
    public void Token_AnyToken_IsLeafOfItsPayload() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[1, 100], Gen.Int[0, int.MaxValue]).Sample((t, l, token) =>
            TraceLeaf.Token(t, l, token) == TreeHash.Leaf(TraceLeaf.TokenPayload(t, l, token)));

    [Fact]
    public void Layer_SplitBetweenKAndVMoved_DiffersOnlyIfPayloadDiffers()
    {
        // The payload concatenates h ‖ k ‖ v without lengths: the model's fixed dims make the split unambiguous.
        Assert.Equal(TraceLeaf.Layer(0, 1, [1], [2, 3], [4]), TraceLeaf.Layer(0, 1, [1], [2], [3, 4]));
        Assert.NotEqual(TraceLeaf.Layer(0, 1, [1], [2], [3]), TraceLeaf.Layer(0, 2, [1], [2], [3]));
    }

    [Fact]
    public void Layer_StepZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceLeaf.Layer(0, 0, [], [], []));

    [Fact]
    public void Token_NegativeToken_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceLeaf.Token(0, 2, -1));

    [Fact]
    public void Embedding_NegativePosition_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceLeaf.Embedding(-1, []));
}
