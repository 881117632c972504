using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Otr.Inference;
using Otr.Inference.Fine;
using Otr.OneStep.Tests.Support;
using Otr.Protocol;

namespace Otr.OneStep.Tests;

/// <summary>Invalid witnesses revert with the custom error naming what failed; the tokenizer and request context match C#.</summary>
public sealed class TamperTests(VerifierChain chain) : IClassFixture<VerifierChain>
{
    private static readonly Q8Model Demo = DemoModelFactory.Create(1);
    private static readonly Walk Greedy = Walk.Run(Demo, ByteTokenizer.EncodePrompt("<|user|>Hi there<|eos|><|assistant|>"), new DecodingParams(2, 0, 0));

    private static long LayerStep => Greedy.IndexOf(Greedy.PromptTokens - 1, 2);

    [Fact]
    public async Task WrongWeightRowReverts()
    {
        // Norm1 opens the attention norm gain of layer 2: flip one gain byte inside the witness.
        var (ctx, witness) = WitnessAt(LayerStep, FineOp.Norm1);
        var gain = Demo.WeightsTree.RowPayload(Q8Layout.LayerTensorIndex(2, 0), 0);
        var result = await chain.FineLeafAsync(ctx, Flip(witness, gain, 8));
        Assert.Equal("WeightOpeningInvalid", result.Error);
    }

    [Fact]
    public async Task RowOfAnotherTensorReverts()
    {
        // The same bytes presented as the gain of layer 1 (a valid row of the tree, but not the one the step needs).
        var step = Greedy.Layout.Locate(Greedy.PromptTokens, LayerStep);
        var fine = Greedy.Fine(LayerStep);
        var i = Greedy.Layout.IndexOf(step, new FineStep(FineOp.Norm1, 0, 0));
        var (ctx, witness) = Greedy.Witness(fine, LayerStep, i);
        var right = Demo.WeightsTree.RowPayload(Q8Layout.LayerTensorIndex(2, 0), 0);
        var wrong = Demo.WeightsTree.RowPayload(Q8Layout.LayerTensorIndex(1, 0), 0);
        var at = IndexOf(witness, right);
        var tampered = (byte[])witness.Clone();
        wrong.CopyTo(tampered, at);
        var result = await chain.FineLeafAsync(ctx, tampered);
        Assert.Equal("WeightOpeningInvalid", result.Error);
    }

    [Fact]
    public async Task WrongEarlierCoarseLeafReverts()
    {
        var (ctx, witness) = WitnessAt(LayerStep, FineOp.Norm1);
        var previous = Greedy.Payloads[(int)LayerStep - 1];
        var result = await chain.FineLeafAsync(ctx, Flip(witness, previous, 8));
        Assert.Equal("CoarseOpeningInvalid", result.Error);
    }

    [Fact]
    public async Task WrongEarlierFineLeafReverts()
    {
        var step = Greedy.Layout.Locate(Greedy.PromptTokens, LayerStep);
        var fine = Greedy.Fine(LayerStep);
        var (ctx, witness) = WitnessAt(LayerStep, FineOp.Query);
        var norm = fine.Payloads[Greedy.Layout.IndexOf(step, new FineStep(FineOp.Norm1, 0, 0))];
        var result = await chain.FineLeafAsync(ctx, Flip(witness, norm, FineTrace.HeaderLength));
        Assert.Equal("FineOpeningInvalid", result.Error);
    }

    [Fact]
    public async Task WrongTokenListReverts()
    {
        var k = Greedy.IndexOf(2, 0);
        var (ctx, witness) = WitnessAt(k, FineOp.Embed);
        var list = new byte[4 * Greedy.Tokens.Length];
        for (var j = 0; j < Greedy.Tokens.Length; j++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(list.AsSpan(4 * j), (uint)Greedy.Tokens[j]);
        }

        var result = await chain.FineLeafAsync(ctx, Flip(witness, list, 4 * 2 + 3));
        Assert.Equal("TokensMismatch", result.Error);
    }

    [Fact]
    public async Task WrongParamsPeaksTruncationAndIndexRevert()
    {
        var (ctx, witness) = WitnessAt(LayerStep, FineOp.Norm1);
        Assert.Null((await chain.FineLeafAsync(ctx, witness)).Error);
        Assert.Equal("ParamsMismatch", (await chain.FineLeafAsync(ctx with { ParamsHash = ReceiptFields.ParamsHash(new DecodingParams(3, 0, 0)) }, witness)).Error);
        Assert.Equal("PeaksInvalid", (await chain.FineLeafAsync(ctx with { CoarsePrefixRoot = Greedy.Accumulator.RootAt(LayerStep - 1) }, witness)).Error);
        Assert.Equal("WitnessTruncated", (await chain.FineLeafAsync(ctx, witness[..^1])).Error);
        Assert.Equal("WitnessTrailingBytes", (await chain.FineLeafAsync(ctx, [.. witness, 0])).Error);
        Assert.Equal("FineIndexOutOfRange", (await chain.FineLeafAsync(ctx with { FineIndex = 10_000 }, witness)).Error);
        Assert.Equal("CoarseIndexOutOfRange", (await chain.FineLeafAsync(ctx with { CoarseIndex = (ulong)Greedy.Payloads.Count }, witness)).Error);
    }

    [Fact]
    public async Task AnotherModelGivesAnotherLeaf()
    {
        var other = DemoModelFactory.Create(2);
        var step = Greedy.Layout.Locate(Greedy.PromptTokens, LayerStep);
        var mine = Greedy.Fine(LayerStep);
        var theirs = Greedy.Fine(LayerStep, other);
        foreach (var op in new[] { FineOp.Norm1, FineOp.Up, FineOp.LayerOut })
        {
            var i = Greedy.Layout.IndexOf(step, new FineStep(op, 0, 0));
            var (ctx, witness) = Greedy.Witness(theirs, LayerStep, i, other);
            Assert.Equal(other.WeightsRoot, ctx.WeightsRoot);
            var result = await chain.FineLeafAsync(ctx, witness);
            Assert.Equal(theirs.Leaves[i], result.Leaf);
            Assert.NotEqual(mine.Leaves[i], result.Leaf);

            // The other model's witness against this model's root does not open.
            Assert.Equal("ConfigOpeningInvalid", (await chain.FineLeafAsync(ctx with { WeightsRoot = Demo.WeightsRoot }, witness)).Error);
        }
    }

    [Fact]
    public async Task RequestContextMatchesTheCSharpTokenizer()
    {
        var texts = new[] { "", "Hello", "<|user|>Hi!<|eos|><|assistant|>", "<|bos|<|eos|>>", "<|", "é✓😀 <|system|>x", "<|assistant|" };
        foreach (var text in texts)
        {
            await Check(text, [1, 257]);
        }

        var pieces = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 0, 4], Gen.Const("<|"), Gen.Const("|>"), Gen.Const("<|eos|>"), Gen.Const("<|user|>"), Gen.Const("é€"), Gen.Const("<|bos|>"));
        await Gen.Select(pieces.Array[0, 12], Gen.Int[0, 260].Array[1, 5]).SampleAsync(
            (parts, output) => Check(string.Concat(parts), output),
            iter: 40,
            threads: 1);

        async Task Check(string text, int[] output)
        {
            var (n, hash, tokens) = FineWitness.RequestContext(text, output);
            var result = await chain.RequestContextAsync(Encoding.UTF8.GetBytes(text), output);
            Assert.True(result.Error is null, $"'{text}': {result.Error}");
            Assert.Equal((ulong)n, result.AsUInt(0));
            Assert.Equal(hash, new Bytes32(result.Output.AsSpan(32, 32)));
            Assert.Equal(ByteTokenizer.EncodePrompt(text).Length, n);
            Assert.Equal(n + output.Length, tokens.Length);
        }
    }

    private static (StepContext Context, byte[] Witness) WitnessAt(long k, FineOp op)
    {
        var step = Greedy.Layout.Locate(Greedy.PromptTokens, k);
        var fine = Greedy.Fine(k);
        var i = op == FineOp.Embed ? 0 : Greedy.Layout.IndexOf(step, new FineStep(op, 0, 0));
        return Greedy.Witness(fine, k, i);
    }

    /// <summary>The witness with one byte of the (unique) occurrence of <paramref name="needle"/> flipped.</summary>
    private static byte[] Flip(byte[] witness, byte[] needle, int offsetInNeedle)
    {
        var copy = (byte[])witness.Clone();
        copy[IndexOf(witness, needle) + offsetInNeedle] ^= 0x01;
        return copy;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the input is not in the witness");
        Assert.True(haystack.AsSpan(at + 1).IndexOf(needle) < 0, "the input occurs twice in the witness");
        return at;
    }
}
