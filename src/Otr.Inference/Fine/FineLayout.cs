namespace Otr.Inference.Fine;

/// <summary>A coarse trace step: position <c>t</c> and step <c>0..L+1</c> (0 embed, 1..L layers, L+1 emit).</summary>
/// <param name="Position">The position t.</param>
/// <param name="Step">The step l.</param>
public readonly record struct CoarseStep(int Position, int Step);

/// <summary>One fine step of a coarse step: its op, the attention head (0 when not per head) and the block.</summary>
/// <param name="Op">The op.</param>
/// <param name="Head">Attention head η for <see cref="FineOp.Score"/>, <see cref="FineOp.Sum"/>,
/// <see cref="FineOp.Mix"/>, <see cref="FineOp.Head"/>; otherwise 0.</param>
/// <param name="Block">Row block (matmuls, logits, chains over logits) or position block (attention); otherwise 0.</param>
public readonly record struct FineStep(FineOp Op, int Head, int Block);

/// <summary>
/// The fine trace layout of docs/dispute-ops.md as pure functions of the model config: where coarse
/// leaves sit in the coarse trace, how many fine leaves a coarse step has and which fine step each
/// index is. The Solidity verifier computes exactly the same.
/// </summary>
public sealed class FineLayout
{
    /// <summary>Rows (or positions) per block: B = 16.</summary>
    public const int BlockSize = 16;

    /// <summary>Creates the layout for a model config.</summary>
    public FineLayout(Q8ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    /// <summary>The model config.</summary>
    public Q8ModelConfig Config { get; }

    /// <summary>Number of blocks of B covering <paramref name="count"/> rows.</summary>
    public static int Blocks(int count) => (count + BlockSize - 1) / BlockSize;

    /// <summary>The <c>(n + g − 1)·(L + 1) + g</c> coarse leaves of a request with n prompt and g output tokens.</summary>
    public static long ExpectedTraceLength(int layers, long promptTokens, long outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        return ((promptTokens + outputTokens - 1) * (layers + 1)) + outputTokens;
    }

    /// <summary>
    /// What the verifier's <c>expectedTraceLength</c> returns: the honest trace length, or 0 when no honest trace
    /// exists (no prompt or output token, or the processed positions <c>0..n+g−2</c> do not fit the context).
    /// </summary>
    public long ExpectedTraceLengthOrZero(long promptTokens, long outputTokens) =>
        promptTokens < 1 || outputTokens < 1 || promptTokens + outputTokens - 1 > Config.ContextLength
            ? 0
            : ExpectedTraceLength(Config.Layers, promptTokens, outputTokens);

    /// <summary>Index of coarse leaf (t, step) in a trace with <paramref name="promptTokens"/> prompt tokens.</summary>
    public long CoarseIndex(int promptTokens, int position, int step)
    {
        var perPosition = Config.Layers + 1;
        long emitsBefore = Math.Max(0, position - (promptTokens - 1));
        return ((long)position * perPosition) + emitsBefore + step;
    }

    /// <summary>The coarse step at coarse index <paramref name="k"/> (inverse of <see cref="CoarseIndex"/>).</summary>
    public CoarseStep Locate(int promptTokens, long k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        var perPosition = Config.Layers + 1;
        var silent = (long)(promptTokens - 1) * perPosition;
        if (k < silent)
        {
            return new CoarseStep((int)(k / perPosition), (int)(k % perPosition));
        }

        var rest = k - silent;
        return new CoarseStep((int)(promptTokens - 1 + (rest / (perPosition + 1))), (int)(rest % (perPosition + 1)));
    }

    /// <summary>Number of fine leaves of a coarse step (the last one is the coarse leaf).</summary>
    public int FineLength(CoarseStep step, bool greedy)
    {
        var kind = Kind(step);
        if (kind == StepKind.Embed)
        {
            return 1;
        }

        if (kind == StepKind.Emit)
        {
            var nbV = Blocks(Config.VocabSize);
            return greedy ? 2 + (2 * nbV) : 2 + (4 * nbV);
        }

        return LayerOutIndex(step.Position) + 1;
    }

    /// <summary>Which fine step index <paramref name="index"/> of the coarse step is.</summary>
    public FineStep At(CoarseStep step, bool greedy, int index)
    {
        var length = FineLength(step, greedy);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, length);
        var kind = Kind(step);
        if (kind == StepKind.Embed)
        {
            return new FineStep(FineOp.Embed, 0, 0);
        }

        if (kind == StepKind.Emit)
        {
            var nbV = Blocks(Config.VocabSize);
            if (index == length - 1)
            {
                return new FineStep(FineOp.Emit, 0, 0);
            }

            if (index == 0)
            {
                return new FineStep(FineOp.FinalNorm, 0, 0);
            }

            var r = index - 1;
            var op = (r / nbV) switch
            {
                0 => FineOp.Logits,
                1 => FineOp.ArgMax,
                2 => FineOp.SampleWeight,
                _ => FineOp.Pick,
            };
            return new FineStep(op, 0, r % nbV);
        }

        return LayerAt(step.Position, index);
    }

    /// <summary>Index of a fine step in its coarse step (inverse of <see cref="At"/>).</summary>
    public int IndexOf(CoarseStep step, FineStep fine)
    {
        int nbD = Blocks(Config.Dim), nbF = Blocks(Config.MlpDim), nbV = Blocks(Config.VocabSize);
        var p = Blocks(step.Position + 1);
        var attn = 1 + (3 * nbD);
        var headBase = attn + (fine.Head * ((3 * p) + 1));
        var wo = attn + (Config.Heads * ((3 * p) + 1));
        return fine.Op switch
        {
            FineOp.Embed => 0,
            FineOp.Norm1 => 0,
            FineOp.Query => 1 + fine.Block,
            FineOp.Key => 1 + nbD + fine.Block,
            FineOp.Value => 1 + (2 * nbD) + fine.Block,
            FineOp.Score => headBase + fine.Block,
            FineOp.Sum => headBase + p + fine.Block,
            FineOp.Mix => headBase + (2 * p) + fine.Block,
            FineOp.Head => headBase + (3 * p),
            FineOp.AttnOut => wo + fine.Block,
            FineOp.Residual => wo + nbD,
            FineOp.Norm2 => wo + nbD + 1,
            FineOp.Up => wo + nbD + 2 + fine.Block,
            FineOp.Down => wo + nbD + 2 + nbF + fine.Block,
            FineOp.LayerOut => LayerOutIndex(step.Position),
            FineOp.FinalNorm => 0,
            FineOp.Logits => 1 + fine.Block,
            FineOp.ArgMax => 1 + nbV + fine.Block,
            FineOp.SampleWeight => 1 + (2 * nbV) + fine.Block,
            FineOp.Pick => 1 + (3 * nbV) + fine.Block,
            FineOp.Emit => throw new ArgumentException("the emit leaf index depends on the decoding mode: use FineLength − 1"),
            _ => throw new ArgumentOutOfRangeException(nameof(fine), fine.Op, "unknown fine op"),
        };
    }

    /// <summary>The kind of a coarse step.</summary>
    public StepKind Kind(CoarseStep step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step.Position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step.Position, Config.ContextLength);
        ArgumentOutOfRangeException.ThrowIfNegative(step.Step);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step.Step, Config.Layers + 1);
        return step.Step == 0 ? StepKind.Embed : step.Step == Config.Layers + 1 ? StepKind.Emit : StepKind.Layer;
    }

    private int LayerOutIndex(int position)
    {
        int nbD = Blocks(Config.Dim), nbF = Blocks(Config.MlpDim);
        var p = Blocks(position + 1);
        return 1 + (3 * nbD) + (Config.Heads * ((3 * p) + 1)) + nbD + 2 + nbF + nbD;
    }

    private FineStep LayerAt(int position, int index)
    {
        int nbD = Blocks(Config.Dim), nbF = Blocks(Config.MlpDim);
        var p = Blocks(position + 1);
        if (index == 0)
        {
            return new FineStep(FineOp.Norm1, 0, 0);
        }

        var r = index - 1;
        if (r < 3 * nbD)
        {
            return new FineStep((r / nbD) switch { 0 => FineOp.Query, 1 => FineOp.Key, _ => FineOp.Value }, 0, r % nbD);
        }

        r -= 3 * nbD;
        var perHead = (3 * p) + 1;
        if (r < Config.Heads * perHead)
        {
            var head = r / perHead;
            var within = r % perHead;
            return within == 3 * p
                ? new FineStep(FineOp.Head, head, 0)
                : new FineStep((within / p) switch { 0 => FineOp.Score, 1 => FineOp.Sum, _ => FineOp.Mix }, head, within % p);
        }

        r -= Config.Heads * perHead;
        if (r < nbD)
        {
            return new FineStep(FineOp.AttnOut, 0, r);
        }

        r -= nbD;
        if (r == 0)
        {
            return new FineStep(FineOp.Residual, 0, 0);
        }

        if (r == 1)
        {
            return new FineStep(FineOp.Norm2, 0, 0);
        }

        r -= 2;
        if (r < nbF)
        {
            return new FineStep(FineOp.Up, 0, r);
        }

        r -= nbF;
        return r < nbD ? new FineStep(FineOp.Down, 0, r) : new FineStep(FineOp.LayerOut, 0, 0);
    }
}

/// <summary>The three kinds of coarse step.</summary>
public enum StepKind
{
    /// <summary>Step 0: the embedding.</summary>
    Embed,

    /// <summary>Steps 1..L: a transformer layer.</summary>
    Layer,

    /// <summary>Step L+1: the emitted token.</summary>
    Emit,
}
