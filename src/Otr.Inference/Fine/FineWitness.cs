using System.Buffers.Binary;
using Otr.Protocol;

namespace Otr.Inference.Fine;

/// <summary>
/// What the dispute game hands the one-step verifier (the C# form of the Solidity <c>StepContext</c>).
/// </summary>
/// <param name="WeightsRoot">The registered weights root of the model.</param>
/// <param name="ParamsHash">The receipt's paramsHash.</param>
/// <param name="TokensHash"><c>keccak(uint32 token …)</c> over prompt then output tokens.</param>
/// <param name="PromptTokens">n, BOS included.</param>
/// <param name="OutputTokens">g.</param>
/// <param name="CoarseIndex">The disputed coarse leaf k.</param>
/// <param name="CoarsePrefixRoot">Prefix root of coarse leaves [0, k).</param>
/// <param name="FineIndex">The disputed fine leaf i.</param>
/// <param name="FinePrefixRoot">Prefix root of fine leaves [0, i) of step k.</param>
public sealed record StepContext(
    Bytes32 WeightsRoot,
    Bytes32 ParamsHash,
    Bytes32 TokensHash,
    uint PromptTokens,
    uint OutputTokens,
    ulong CoarseIndex,
    Bytes32 CoarsePrefixRoot,
    ulong FineIndex,
    Bytes32 FinePrefixRoot);

/// <summary>One input a fine step opens, in witness order.</summary>
/// <param name="Kind">Where it is opened from.</param>
/// <param name="A">Weight: tensor index; coarse/fine: leaf index.</param>
/// <param name="B">Weight: row; otherwise 0.</param>
public readonly record struct FineInput(FineInputKind Kind, long A, int B)
{
    /// <summary>A weight row opened against the weights root.</summary>
    public static FineInput Weight(int tensor, int row) => new(FineInputKind.Weight, tensor, row);

    /// <summary>A coarse leaf opened against the coarse prefix root.</summary>
    public static FineInput Coarse(long index) => new(FineInputKind.Coarse, index, 0);

    /// <summary>A fine leaf opened against the fine prefix root.</summary>
    public static FineInput Fine(long index) => new(FineInputKind.Fine, index, 0);
}

/// <summary>Where a fine step input is opened from.</summary>
public enum FineInputKind
{
    /// <summary>The processed token list (checked against tokensHash).</summary>
    Tokens,

    /// <summary>A weight row (weights root).</summary>
    Weight,

    /// <summary>An earlier coarse leaf (coarse prefix root).</summary>
    Coarse,

    /// <summary>An earlier fine leaf of this step (fine prefix root).</summary>
    Fine,
}

/// <summary>
/// Builds the <c>witness</c> bytes of the Solidity <c>Q8OneStepVerifier</c> (docs/dispute-ops.md,
/// "Witness"), and the request-level values the game stores (<see cref="RequestContext"/>).
/// </summary>
public static class FineWitness
{
    /// <summary>
    /// The prompt tokens of a prompt text (as the on-chain tokenizer reads its UTF-8 bytes: <c>[BOS] ++ encode(text)</c>),
    /// the processed token list (prompt then output) and its hash <c>keccak(uint32 token …)</c>.
    /// </summary>
    public static (int PromptTokens, Bytes32 TokensHash, int[] Tokens) RequestContext(string promptText, IReadOnlyList<int> outputTokens)
    {
        ArgumentNullException.ThrowIfNull(promptText);
        ArgumentNullException.ThrowIfNull(outputTokens);
        var prompt = ByteTokenizer.EncodePrompt(promptText);
        int[] tokens = [.. prompt, .. outputTokens];
        return (prompt.Length, TokensHash(tokens), tokens);
    }

    /// <summary><c>keccak(uint32 token ‖ …)</c>.</summary>
    public static Bytes32 TokensHash(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var bytes = new byte[4 * tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), (uint)tokens[i]);
        }

        return Keccak.Hash(bytes);
    }

    /// <summary>
    /// The inputs fine step <paramref name="fine"/> of coarse step <paramref name="step"/> opens, in witness order
    /// (docs/dispute-ops.md, "Fine trace"). Token list, weights, earlier coarse and fine leaves. The embedding step
    /// opens the row of the token at t, so it needs <paramref name="tokens"/>.
    /// </summary>
    public static IReadOnlyList<FineInput> Inputs(FineLayout layout, int promptTokens, CoarseStep step, bool greedy, FineStep fine, IReadOnlyList<int>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var c = layout.Config;
        int t = step.Position, l = step.Step, d = c.Dim, dh = c.HeadDim;
        var k = layout.CoarseIndex(promptTokens, t, l);
        var list = new List<FineInput>();
        long F(FineOp op, int head = 0, int block = 0) => layout.IndexOf(step, new FineStep(op, head, block));
        void Rows(int tensor, int block, int rows)
        {
            var (lo, len) = FineTrace.BlockRange(block, rows);
            for (var r = lo; r < lo + len; r++)
            {
                list.Add(FineInput.Weight(tensor, r));
            }
        }

        void Span(FineOp op, int first, int count)
        {
            for (var b = first / FineLayout.BlockSize; b <= (first + count - 1) / FineLayout.BlockSize; b++)
            {
                list.Add(FineInput.Fine(F(op, 0, b)));
            }
        }

        void All(FineOp op, int rows) => Span(op, 0, rows);
        int Slot(int slot) => Q8Layout.LayerTensorIndex(l, slot);
        var p = FineLayout.Blocks(t + 1);
        var nbV = FineLayout.Blocks(c.VocabSize);
        var finalNorm = Q8Layout.FinalNormIndex(c);
        switch (fine.Op)
        {
            case FineOp.Embed:
                if (tokens is null || step.Position >= tokens.Count)
                {
                    throw new ArgumentException($"the embedding step at position {step.Position} needs the token list", nameof(tokens));
                }

                list.Add(new FineInput(FineInputKind.Tokens, 0, 0));
                list.Add(FineInput.Weight(Q8Layout.TokenEmbeddingIndex, tokens[step.Position]));
                list.Add(FineInput.Weight(Q8Layout.PositionEmbeddingIndex, step.Position));
                break;
            case FineOp.Norm1:
                list.Add(FineInput.Coarse(k - 1));
                list.Add(FineInput.Weight(Slot(0), 0));
                break;
            case FineOp.Query or FineOp.Key or FineOp.Value:
                list.Add(FineInput.Fine(F(FineOp.Norm1)));
                Rows(Slot(fine.Op - FineOp.Query + 1), fine.Block, d);
                break;
            case FineOp.Score:
                {
                    if (fine.Block > 0)
                    {
                        list.Add(FineInput.Fine(F(FineOp.Score, fine.Head, fine.Block - 1)));
                    }

                    Span(FineOp.Query, fine.Head * dh, dh);
                    var (lo, len) = FineTrace.BlockRange(fine.Block, t + 1);
                    for (var j = lo; j < lo + len; j++)
                    {
                        if (j < t)
                        {
                            list.Add(FineInput.Coarse(layout.CoarseIndex(promptTokens, j, l)));
                        }
                        else
                        {
                            Span(FineOp.Key, fine.Head * dh, dh);
                        }
                    }

                    break;
                }

            case FineOp.Sum:
                list.Add(FineInput.Weight(Q8Layout.ExpTableIndex, 0));
                list.Add(FineInput.Fine(F(FineOp.Score, fine.Head, p - 1)));
                list.Add(FineInput.Fine(F(FineOp.Score, fine.Head, fine.Block)));
                if (fine.Block > 0)
                {
                    list.Add(FineInput.Fine(F(FineOp.Sum, fine.Head, fine.Block - 1)));
                }

                break;
            case FineOp.Mix:
                {
                    list.Add(FineInput.Weight(Q8Layout.ExpTableIndex, 0));
                    list.Add(FineInput.Fine(F(FineOp.Score, fine.Head, p - 1)));
                    list.Add(FineInput.Fine(F(FineOp.Sum, fine.Head, p - 1)));
                    list.Add(FineInput.Fine(F(FineOp.Score, fine.Head, fine.Block)));
                    if (fine.Block > 0)
                    {
                        list.Add(FineInput.Fine(F(FineOp.Mix, fine.Head, fine.Block - 1)));
                    }

                    var (lo, len) = FineTrace.BlockRange(fine.Block, t + 1);
                    for (var j = lo; j < lo + len; j++)
                    {
                        if (j < t)
                        {
                            list.Add(FineInput.Coarse(layout.CoarseIndex(promptTokens, j, l)));
                        }
                        else
                        {
                            Span(FineOp.Value, fine.Head * dh, dh);
                        }
                    }

                    break;
                }

            case FineOp.Head:
                if (fine.Head > 0)
                {
                    list.Add(FineInput.Fine(F(FineOp.Head, fine.Head - 1)));
                }

                list.Add(FineInput.Fine(F(FineOp.Mix, fine.Head, p - 1)));
                break;
            case FineOp.AttnOut:
                list.Add(FineInput.Fine(F(FineOp.Head, c.Heads - 1)));
                Rows(Slot(4), fine.Block, d);
                break;
            case FineOp.Residual:
                list.Add(FineInput.Coarse(k - 1));
                All(FineOp.AttnOut, d);
                break;
            case FineOp.Norm2:
                list.Add(FineInput.Fine(F(FineOp.Residual)));
                list.Add(FineInput.Weight(Slot(5), 0));
                break;
            case FineOp.Up:
                list.Add(FineInput.Fine(F(FineOp.Norm2)));
                list.Add(FineInput.Weight(Q8Layout.ActTableIndex, 0));
                Rows(Slot(6), fine.Block, c.MlpDim);
                break;
            case FineOp.Down:
                All(FineOp.Up, c.MlpDim);
                Rows(Slot(7), fine.Block, d);
                break;
            case FineOp.LayerOut:
                list.Add(FineInput.Fine(F(FineOp.Residual)));
                All(FineOp.Down, d);
                All(FineOp.Key, d);
                All(FineOp.Value, d);
                break;
            case FineOp.FinalNorm:
                list.Add(FineInput.Coarse(k - 1));
                list.Add(FineInput.Weight(finalNorm, 0));
                break;
            case FineOp.Logits:
                list.Add(FineInput.Fine(F(FineOp.FinalNorm)));
                list.Add(FineInput.Weight(finalNorm + 2, 0));
                Rows(finalNorm + 1, fine.Block, c.VocabSize);
                break;
            case FineOp.ArgMax:
                list.Add(FineInput.Fine(F(FineOp.Logits, 0, fine.Block)));
                if (fine.Block > 0)
                {
                    list.Add(FineInput.Fine(F(FineOp.ArgMax, 0, fine.Block - 1)));
                }

                break;
            case FineOp.SampleWeight or FineOp.Pick:
                list.Add(FineInput.Weight(Q8Layout.SampleExpTableIndex, 0));
                list.Add(FineInput.Fine(F(FineOp.ArgMax, 0, nbV - 1)));
                if (fine.Op == FineOp.Pick)
                {
                    list.Add(FineInput.Fine(F(FineOp.SampleWeight, 0, nbV - 1)));
                }

                list.Add(FineInput.Fine(F(FineOp.Logits, 0, fine.Block)));
                if (fine.Block > 0)
                {
                    list.Add(FineInput.Fine(F(fine.Op, 0, fine.Block - 1)));
                }

                break;
            case FineOp.Emit:
                list.Add(FineInput.Fine(greedy ? F(FineOp.ArgMax, 0, nbV - 1) : F(FineOp.Pick, 0, nbV - 1)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fine), fine.Op, "unknown fine op");
        }

        return list;
    }

    /// <summary>
    /// The witness for <c>fineLeaf</c> at coarse step <paramref name="k"/>, fine index <paramref name="i"/>, and the
    /// step context the game would pass. <paramref name="coarse"/> holds the whole coarse trace (any prefix ≥ k works).
    /// </summary>
    public static (StepContext Context, byte[] Witness) ForFineLeaf(
        Q8Model model,
        TraceAccumulator coarse,
        IReadOnlyList<byte[]> coarsePayloads,
        FineTrace fine,
        IReadOnlyList<int> tokens,
        int promptTokens,
        DecodingParams parameters,
        long k,
        int i)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(coarsePayloads);
        ArgumentNullException.ThrowIfNull(fine);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(parameters);
        var layout = new FineLayout(model.Config);
        var step = layout.Locate(promptTokens, k);
        if (step != fine.Step)
        {
            throw new ArgumentException($"coarse index {k} is step {step}, the fine trace is of {fine.Step}", nameof(fine));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, fine.Length);
        var fineAcc = new TraceAccumulator();
        for (var j = 0; j < i; j++)
        {
            fineAcc.Append(fine.Leaves[j]);
        }

        var w = new WitnessWriter();
        WriteHeader(w, model, parameters);
        w.Hashes(coarse.PeaksAt(k));
        w.Hashes(fineAcc.Peaks);
        foreach (var input in Inputs(layout, promptTokens, step, parameters.IsGreedy, layout.At(step, parameters.IsGreedy, i), tokens))
        {
            switch (input.Kind)
            {
                case FineInputKind.Tokens:
                    w.UInt32((uint)tokens.Count);
                    foreach (var token in tokens)
                    {
                        w.UInt32((uint)token);
                    }

                    break;
                case FineInputKind.Weight:
                    w.Bytes(model.WeightsTree.RowPayload((int)input.A, input.B));
                    w.Hashes(WeightProofs.For(model).Proof(model.WeightsTree.LeafIndex((int)input.A, input.B)));
                    break;
                case FineInputKind.Coarse:
                    w.Bytes(coarsePayloads[(int)input.A]);
                    w.Hashes(coarse.Open(input.A, k).Siblings);
                    break;
                case FineInputKind.Fine:
                    w.Bytes(fine.Payloads[(int)input.A]);
                    w.Hashes(fineAcc.Open(input.A, i).Siblings);
                    break;
                default:
                    throw new InvalidOperationException($"unknown input kind {input.Kind}");
            }
        }

        var context = new StepContext(
            model.WeightsRoot,
            ReceiptFields.ParamsHash(parameters),
            TokensHash(tokens),
            (uint)promptTokens,
            (uint)(tokens.Count - promptTokens),
            (ulong)k,
            coarse.RootAt(k),
            (ulong)i,
            fineAcc.Root);
        return (context, w.ToArray());
    }

    /// <summary>The witness of <c>fineLength</c>: the config opening and the decoding parameters.</summary>
    public static byte[] ForFineLength(Q8Model model, DecodingParams parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        var w = new WitnessWriter();
        WriteHeader(w, model, parameters);
        return w.ToArray();
    }

    /// <summary>The witness of <c>expectedTraceLength</c> and <c>eosToken</c>: the config opening.</summary>
    public static byte[] ForTraceLength(Q8Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new WitnessWriter();
        WriteConfig(w, model);
        return w.ToArray();
    }

    private static void WriteHeader(WitnessWriter w, Q8Model model, DecodingParams parameters)
    {
        WriteConfig(w, model);
        w.UInt32(parameters.MaxTokens);
        w.UInt32(parameters.TemperatureMilli);
        w.UInt64(parameters.Seed);
    }

    private static void WriteConfig(WitnessWriter w, Q8Model model)
    {
        w.Bytes(model.WeightsTree.RowPayload(Q8Layout.ConfigIndex, 0));
        w.Hashes(WeightProofs.For(model).Proof(model.WeightsTree.LeafIndex(Q8Layout.ConfigIndex, 0)));
    }

    private sealed class WitnessWriter
    {
        private readonly List<byte> _stream = [];

        public void UInt32(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            _stream.AddRange(b);
        }

        public void UInt64(ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
            _stream.AddRange(b);
        }

        public void Bytes(ReadOnlySpan<byte> data)
        {
            UInt32((uint)data.Length);
            _stream.AddRange(data);
        }

        public void Hashes(IReadOnlyList<Bytes32> hashes)
        {
            if (hashes.Count > 255)
            {
                throw new ArgumentException("at most 255 hashes per list");
            }

            _stream.Add((byte)hashes.Count);
            foreach (var h in hashes)
            {
                _stream.AddRange(h.Span);
            }
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
