using System.Text.Json;
using Otr.Api;
using Otr.Executor.Hosting;
using Otr.Executor.Http;
using Otr.Executor.Inference;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Bench;

/// <summary>
/// Where the executor path's extra time goes: each piece of <c>ExecutionPipeline.Execute</c> (and the
/// validator before it) that raw decoding does not do, timed on its own over one captured request
/// (same prompt, same leaves) with the executor's own classes. Thread CPU per request, so a loaded
/// machine inflates it less.
/// </summary>
internal static class Components
{
    public sealed record Row(string Name, double Micros);

    public static IReadOnlyList<Row> Measure(
        ExecutorHarness executor, ExecuteRequest request, double seconds, out long leafCount, out (long Raw, long Executor) allocated)
    {
        var state = executor.State;
        var options = executor.Options;
        var model = state.Model;
        var prompt = ByteTokenizer.EncodePrompt(request.Prompt);
        var parameters = new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed);

        // Bytes allocated on this thread by one request of each path (after warm-up, so no JIT noise).
        var before = GC.GetAllocatedBytesForCurrentThread();
        state.Engine.Generate(prompt, parameters);
        var middle = GC.GetAllocatedBytesForCurrentThread();
        executor.Execute(request);
        allocated = (middle - before, GC.GetAllocatedBytesForCurrentThread() - middle);

        var capture = new CapturingSink();
        var result = state.Engine.Generate(prompt, parameters, capture);
        leafCount = capture.Leaves.Count;
        var leaves = capture.Leaves;
        var batches = StepLeaves.Batches([.. leaves.Select(l => l.Payload)], model.Executed.Config.Dim);

        var accumulator = new TraceRootAccumulator();
        foreach (var leaf in leaves)
        {
            accumulator.Append(leaf.Hash);
        }

        var receipt = new Receipt(
            Bytes32.Parse(request.RequestId),
            model.ModelId,
            ReceiptFields.PromptHash(request.Prompt),
            ReceiptFields.ParamsHash(parameters),
            ReceiptFields.OutputHash(result.Tokens),
            accumulator.Root,
            (ulong)accumulator.Count,
            state.Tee.EnclaveAddress,
            request.Nonce,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var signed = new SignedReceipt(receipt, state.Tee.Sign(ReceiptHasher.Digest(receipt, state.DomainSeparator)), state.Domain);
        var check = 0;

        return
        [
            new("validate + tokenize (ExecuteRequestValidator.Validate)", PerCall(seconds, () =>
            {
                check += ExecuteRequestValidator.Validate(request, model, options, out var v) is null ? v!.PromptTokens.Length : 0;
            })),
            new($"leaf hashes: {leaves.Count} leaves in {batches.Length} batches (TreeHash.Leaves, as DecodeLoop)", PerCall(seconds, () =>
            {
                foreach (var batch in batches)
                {
                    check += batch.Hash()[0].Span[0];
                }
            })),
            new($"sink + MMR: ReceiptTraceSink.OnLeaf → TraceRootAccumulator × {leaves.Count}, Root", PerCall(seconds, () =>
            {
                var acc = new TraceRootAccumulator();
                var sink = new ReceiptTraceSink(acc, null, CancellationToken.None);
                foreach (var leaf in leaves)
                {
                    sink.OnLeaf(leaf.Position, leaf.Step, leaf.Payload, leaf.Hash);
                }

                check += acc.Root.Span[0];
            })),
            new("receipt fields: promptHash, paramsHash, outputHash", PerCall(seconds, () =>
            {
                check += ReceiptFields.PromptHash(request.Prompt).Span[0] + ReceiptFields.ParamsHash(parameters).Span[0] + ReceiptFields.OutputHash(result.Tokens).Span[0];
            })),
            new("EIP-712 digest + TEE sign (secp256k1, SimulatedTee.Sign)", PerCall(seconds, () =>
            {
                check += state.Tee.Sign(ReceiptHasher.Digest(receipt, state.DomainSeparator))[0];
            })),
            new("receipt JSON: ReceiptJson.SerializeToElement", PerCall(seconds, () =>
            {
                check += ReceiptJson.SerializeToElement(signed).ValueKind == JsonValueKind.Object ? 1 : 0;
            })),
            new("answer text: ByteTokenizer.Decode", PerCall(seconds, () =>
            {
                check += ByteTokenizer.Decode(result.Tokens, skipSpecial: true).Length;
            })),
        ];
    }

    /// <summary>Thread-CPU microseconds per call of <paramref name="op"/>, after a warm-up.</summary>
    private static double PerCall(double seconds, Action op)
    {
        var warm = Clock.Now();
        while (Clock.Now().WallNs - warm.WallNs < seconds * 0.25e9)
        {
            op();
        }

        const int Batch = 4;
        long calls = 0;
        var start = Clock.Now();
        Clock now;
        do
        {
            for (var i = 0; i < Batch; i++)
            {
                op();
            }

            calls += Batch;
            now = Clock.Now();
        }
        while (now.WallNs - start.WallNs < seconds * 1e9);
        return (now.ThreadCpuNs - start.ThreadCpuNs) / 1e3 / calls;
    }

    /// <summary>Keeps a copy of every leaf so its hashing and accumulation can be replayed alone.</summary>
    private sealed class CapturingSink : ITraceSink
    {
        public List<(int Position, int Step, byte[] Payload, Bytes32 Hash)> Leaves { get; } = [];

        public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash) =>
            Leaves.Add((position, step, payload.ToArray(), leafHash));
    }
}
