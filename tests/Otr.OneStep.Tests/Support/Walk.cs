using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.OneStep.Tests.Support;

/// <summary>A request under teacher forcing with its full coarse trace, and witness building for its fine steps.</summary>
internal sealed class Walk
{
    private Walk(Q8Model model, int promptTokens, int[] tokens, IReadOnlyList<byte[]> payloads, TraceAccumulator acc, DecodingParams parameters)
    {
        Model = model;
        PromptTokens = promptTokens;
        Tokens = tokens;
        Payloads = payloads;
        Accumulator = acc;
        Parameters = parameters;
        Layout = new FineLayout(model.Config);
    }

    public Q8Model Model { get; }

    public int PromptTokens { get; }

    public int[] Tokens { get; }

    public IReadOnlyList<byte[]> Payloads { get; }

    public TraceAccumulator Accumulator { get; }

    public DecodingParams Parameters { get; }

    public FineLayout Layout { get; }

    public int OutputTokens => Tokens.Length - PromptTokens;

    public static Walk Run(Q8Model model, IReadOnlyList<int> prompt, DecodingParams parameters)
    {
        var sink = new CollectingTraceSink(keepPayloads: true);
        var result = new ReferenceInterpreter(model).Generate(prompt, parameters, sink);
        var acc = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            acc.Append(leaf);
        }

        return new Walk(model, prompt.Count, [.. prompt, .. result.Tokens], sink.Payloads, acc, parameters);
    }

    public FineTrace Fine(long k, Q8Model? model = null) =>
        FineTrace.ForCoarseIndex(model ?? Model, Payloads, Tokens, PromptTokens, Parameters, k);

    public (StepContext Context, byte[] Witness) Witness(FineTrace fine, long k, int i, Q8Model? model = null) =>
        FineWitness.ForFineLeaf(model ?? Model, Accumulator, Payloads, fine, Tokens, PromptTokens, Parameters, k, i);

    public FineOp OpAt(long k, int i)
    {
        var step = Layout.Locate(PromptTokens, k);
        return Layout.At(step, Parameters.IsGreedy, i).Op;
    }

    /// <summary>Coarse index of the first step of the given kind at or after position t.</summary>
    public long IndexOf(int position, int step) => Layout.CoarseIndex(PromptTokens, position, step);
}
