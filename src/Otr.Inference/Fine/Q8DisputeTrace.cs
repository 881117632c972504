using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Inference.Fine;

/// <summary>
/// A party's own trace of a disputed request on a q8-exact model, as the dispute solver needs it
/// (<see cref="IDisputeTrace"/>), and the one-step verifier's witnesses for it (<see cref="Witnesses"/>).
/// Built by teacher forcing (<see cref="IQ8Engine.Replay"/>) on the receipt's prompt and output, which is the
/// trace an honest executor signed; fine traces are computed per coarse step when first asked for.
/// </summary>
/// <remarks>
/// Two models take part. The <em>computing</em> model produces the leaves (an honest party's is the registered
/// model; a cheating executor's may be another). Witnesses open rows against the game's weights root, so they
/// always come from the <em>registered</em> model: a party that computed with other weights cannot make the
/// verifier agree with its leaves, which is the point.
/// </remarks>
public sealed class Q8DisputeTrace : IDisputeTrace
{
    private readonly Q8Model _computing;
    private readonly Q8Model _registered;
    private readonly DisputeTrace _trace;
    private readonly List<byte[]> _payloads;
    private readonly TraceAccumulator _coarse = new();
    private readonly Dictionary<ulong, FineTrace> _fine = [];
    private readonly IReadOnlyDictionary<ulong, Bytes32> _tampered;
    private readonly Lock _gate = new();

    private Q8DisputeTrace(
        Q8Model computing,
        Q8Model registered,
        int promptTokens,
        int[] tokens,
        DecodingParams parameters,
        List<byte[]> payloads,
        List<Bytes32> leaves,
        List<TraceEmit> emits,
        IReadOnlyDictionary<ulong, Bytes32> tampered)
    {
        _computing = computing;
        _registered = registered;
        PromptTokens = promptTokens;
        Tokens = tokens;
        Parameters = parameters;
        _payloads = payloads;
        _tampered = tampered;
        foreach (var (index, leaf) in tampered)
        {
            leaves[checked((int)index)] = leaf;
        }

        foreach (var leaf in leaves)
        {
            _coarse.Append(leaf);
        }

        var output = tokens.Skip(promptTokens).Select(t => (uint)t).ToArray();
        _trace = new DisputeTrace(leaves, emits, output, FineLeaves);
        Witnesses = new DisputeWitnesses(
            StepWitness,
            _ => FineWitness.ForFineLength(_registered, Parameters),
            _ => FineWitness.ForTraceLength(_registered),
            (uint)_registered.Config.EosToken,
            _ => FineWitness.ForTraceLength(_registered));
    }

    /// <summary>Prompt token count n (BOS included).</summary>
    public int PromptTokens { get; }

    /// <summary>Prompt then output tokens.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>The decoding parameters of the request.</summary>
    public DecodingParams Parameters { get; }

    /// <summary>The tokens the computing model emits at each output position (the honest output when it computed honestly).</summary>
    public IReadOnlyList<int> Computed { get; private init; } = [];

    /// <summary>The verifier witnesses for this trace, built from the registered model.</summary>
    public DisputeWitnesses Witnesses { get; }

    /// <summary>The prefix root of the whole coarse trace.</summary>
    public Bytes32 Root => _trace.CoarseRoot(_trace.CoarseLength);

    /// <inheritdoc />
    public ulong CoarseLength => _trace.CoarseLength;

    /// <inheritdoc />
    public IReadOnlyList<TraceEmit> Emits => _trace.Emits;

    /// <inheritdoc />
    public IReadOnlyList<uint> OutputTokens => _trace.OutputTokens;

    /// <summary>
    /// Replays <paramref name="promptText"/> ‖ <paramref name="outputTokens"/> on <paramref name="engine"/> (teacher
    /// forcing) and keeps every leaf payload. <paramref name="registered"/> is the model the weights root of the game
    /// names (default: the engine's); <paramref name="tamperedLeaves"/> replaces coarse leaves by index (a cheating
    /// executor's signed trace; the fine trace of such a step then ends with the replaced leaf).
    /// </summary>
    public static Q8DisputeTrace Replay(
        IQ8Engine engine,
        string promptText,
        IReadOnlyList<int> outputTokens,
        DecodingParams parameters,
        Q8Model? registered = null,
        IReadOnlyDictionary<ulong, Bytes32>? tamperedLeaves = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(promptText);
        ArgumentNullException.ThrowIfNull(outputTokens);
        ArgumentNullException.ThrowIfNull(parameters);
        var prompt = ByteTokenizer.EncodePrompt(promptText);
        var sink = new Sink(engine.Model.Config.EmitStep);
        var result = engine.Replay(prompt, outputTokens, parameters, sink);
        var emits = new List<TraceEmit>(result.Tokens.Count);
        for (var j = 0; j < sink.EmitIndices.Count; j++)
        {
            var (index, position) = sink.EmitIndices[j];
            emits.Add(new TraceEmit(index, (uint)position, (uint)engine.Model.Config.EmitStep, (uint)result.Tokens[j]));
        }

        var tampered = tamperedLeaves ?? new Dictionary<ulong, Bytes32>();
        foreach (var index in tampered.Keys)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, (ulong)sink.Leaves.Count, nameof(tamperedLeaves));
        }

        return new Q8DisputeTrace(engine.Model, registered ?? engine.Model, prompt.Length, [.. prompt, .. outputTokens], parameters, sink.Payloads, sink.Leaves, emits, tampered)
        {
            Computed = result.Tokens,
        };
    }

    /// <inheritdoc />
    public Bytes32 CoarseRoot(ulong n) => _trace.CoarseRoot(n);

    /// <inheritdoc />
    public IReadOnlyList<Bytes32> CoarsePeaks(ulong n) => _trace.CoarsePeaks(n);

    /// <inheritdoc />
    public Bytes32 CoarseLeaf(ulong index) => _trace.CoarseLeaf(index);

    /// <inheritdoc />
    public TraceOpening OpenCoarse(ulong index) => _trace.OpenCoarse(index);

    /// <inheritdoc />
    public IFineTrace Fine(ulong coarseIndex)
    {
        lock (_gate)
        {
            return _trace.Fine(coarseIndex);
        }
    }

    /// <summary>The op-by-op trace of coarse step <paramref name="k"/> as the computing model produces it.</summary>
    public FineTrace FineOf(ulong k)
    {
        lock (_gate)
        {
            if (!_fine.TryGetValue(k, out var fine))
            {
                fine = FineTrace.ForCoarseIndex(_computing, _payloads, Tokens, PromptTokens, Parameters, checked((long)k));
                _fine[k] = fine;
            }

            return fine;
        }
    }

    private IReadOnlyList<Bytes32> FineLeaves(ulong k)
    {
        var leaves = FineOf(k).Leaves.ToArray();
        if (_tampered.TryGetValue(k, out var leaf))
        {
            leaves[^1] = leaf;
        }

        return leaves;
    }

    /// <summary>
    /// The one-step witness for fine leaf <see cref="DisputeStepContext.FineIndex"/> of step
    /// <see cref="DisputeStepContext.CoarseIndex"/>: our inputs opened against our prefixes, which must be the agreed
    /// ones (the context's roots); anything else means the game agreed on something we did not compute.
    /// </summary>
    private byte[] StepWitness(DisputeStepContext context)
    {
        var fine = FineOf(context.CoarseIndex);
        var (ours, witness) = FineWitness.ForFineLeaf(
            _registered, _coarse, _payloads, fine, Tokens, PromptTokens, Parameters, checked((long)context.CoarseIndex), checked((int)context.FineIndex));
        if (ours.CoarsePrefixRoot != context.CoarsePrefixRoot || ours.FinePrefixRoot != context.FinePrefixRoot || ours.TokensHash != context.TokensHash)
        {
            throw new InvalidOperationException(
                $"the game's agreed prefixes at coarse step {context.CoarseIndex}, fine leaf {context.FineIndex} are not this trace's; no honest witness exists");
        }

        return witness;
    }

    /// <summary>Keeps payloads and leaf hashes, and where the emit leaves are.</summary>
    private sealed class Sink(int emitStep) : ITraceSink
    {
        public List<byte[]> Payloads { get; } = [];

        public List<Bytes32> Leaves { get; } = [];

        public List<(ulong Index, int Position)> EmitIndices { get; } = [];

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
        {
            if (step == emitStep)
            {
                EmitIndices.Add(((ulong)Leaves.Count, position));
            }

            Payloads.Add(payload.ToArray());
            Leaves.Add(leafHash);
        }
    }
}
