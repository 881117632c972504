using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Web3;
using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Dispute.Bench;

/// <summary>The worst one-step check seen for one fine op kind, and where it was seen.</summary>
internal sealed record OpGas(FineOp Op, long Gas, int Checks, string Where);

/// <summary>
/// Gas of the one-step check (<c>Q8OneStepVerifier.fineLeaf</c>, <c>eth_estimateGas</c> of a direct call: the
/// 21,000 intrinsic gas and the witness calldata included) for every fine step of chosen coarse steps of a request,
/// each checked against the C# fine leaf first. The worst per op kind is kept.
/// </summary>
internal sealed class OneStepGas(IWeb3 web3, string verifier)
{
    private readonly Dictionary<FineOp, OpGas> _worst = [];

    public IReadOnlyDictionary<FineOp, OpGas> Worst => _worst;

    /// <summary>
    /// Measures the fine steps of coarse step (<paramref name="position"/>, <paramref name="step"/>) of
    /// <paramref name="request"/>: all of them, or (<paramref name="edgesOnly"/>) the first and last block of each op.
    /// </summary>
    public async Task MeasureAsync(Request request, int position, int step, bool edgesOnly, string label, CancellationToken ct)
    {
        var layout = new FineLayout(request.Model.Config);
        var k = layout.CoarseIndex(request.PromptTokens, position, step);
        var fine = FineTrace.ForCoarseIndex(request.Model, request.Payloads, request.Tokens, request.PromptTokens, request.Parameters, k);
        var coarse = layout.Locate(request.PromptTokens, k);
        var greedy = request.Parameters.IsGreedy;
        FineOp OpAt(int i) => layout.At(coarse, greedy, i).Op;
        for (var i = 0; i < fine.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var op = OpAt(i);
            var edge = i == 0 || i == fine.Length - 1 || OpAt(i - 1) != op || OpAt(i + 1) != op;
            if (edgesOnly && !edge)
            {
                continue;
            }

            var (context, witness) = FineWitness.ForFineLeaf(
                request.Model, request.Coarse, request.Payloads, fine, request.Tokens, request.PromptTokens, request.Parameters, k, i);
            var (leaf, gas) = await CheckAsync(new DisputeStepContext(
                context.WeightsRoot, context.ParamsHash, context.TokensHash, context.PromptTokens, context.OutputTokens,
                context.CoarseIndex, context.CoarsePrefixRoot, context.FineIndex, context.FinePrefixRoot), witness);
            if (leaf != fine.Leaves[i])
            {
                throw new InvalidOperationException($"fineLeaf of {label}, fine step {i} ({op}) is not the C# fine leaf");
            }

            var checks = (_worst.TryGetValue(op, out var seen) ? seen.Checks : 0) + 1;
            _worst[op] = seen is null || gas > seen.Gas
                ? new OpGas(op, gas, checks, $"{label}, block {layout.At(coarse, greedy, i).Block}")
                : seen with { Checks = checks };
        }
    }

    /// <summary>The leaf the verifier computes for <paramref name="context"/> and the gas of that call alone.</summary>
    public async Task<(Bytes32 Leaf, long Gas)> CheckAsync(DisputeStepContext context, byte[] witness)
    {
        var call = new FineLeafFunction { Context = StepContextTuple.Of(context), Witness = witness };
        var leaf = await web3.Eth.GetContractQueryHandler<FineLeafFunction>().QueryAsync<byte[]>(verifier, call);
        var gas = await web3.Eth.GetContractTransactionHandler<FineLeafFunction>().EstimateGasAsync(verifier, call);
        return (new Bytes32(leaf), (long)gas.Value);
    }

    /// <summary><c>fineLeaf(StepContext ctx, bytes witness) returns (bytes32)</c>.</summary>
    [Function("fineLeaf", "bytes32")]
    private sealed class FineLeafFunction : FunctionMessage
    {
        [Parameter("tuple", "ctx", 1)]
        public StepContextTuple Context { get; set; } = new();

        [Parameter("bytes", "witness", 2)]
        public byte[] Witness { get; set; } = [];
    }

    /// <summary>ABI form of the Solidity <c>StepContext</c> (contracts/src/IOneStepVerifier.sol).</summary>
    private sealed class StepContextTuple
    {
        [Parameter("bytes32", "weightsRoot", 1)]
        public byte[] WeightsRoot { get; set; } = new byte[32];

        [Parameter("bytes32", "paramsHash", 2)]
        public byte[] ParamsHash { get; set; } = new byte[32];

        [Parameter("bytes32", "tokensHash", 3)]
        public byte[] TokensHash { get; set; } = new byte[32];

        [Parameter("uint32", "promptTokens", 4)]
        public uint PromptTokens { get; set; }

        [Parameter("uint32", "outputTokens", 5)]
        public uint OutputTokens { get; set; }

        [Parameter("uint64", "coarseIndex", 6)]
        public ulong CoarseIndex { get; set; }

        [Parameter("bytes32", "coarsePrefixRoot", 7)]
        public byte[] CoarsePrefixRoot { get; set; } = new byte[32];

        [Parameter("uint64", "fineIndex", 8)]
        public ulong FineIndex { get; set; }

        [Parameter("bytes32", "finePrefixRoot", 9)]
        public byte[] FinePrefixRoot { get; set; } = new byte[32];

        public static StepContextTuple Of(DisputeStepContext c) => new()
        {
            WeightsRoot = c.WeightsRoot.ToArray(),
            ParamsHash = c.ParamsHash.ToArray(),
            TokensHash = c.TokensHash.ToArray(),
            PromptTokens = c.PromptTokens,
            OutputTokens = c.OutputTokens,
            CoarseIndex = c.CoarseIndex,
            CoarsePrefixRoot = c.CoarsePrefixRoot.ToArray(),
            FineIndex = c.FineIndex,
            FinePrefixRoot = c.FinePrefixRoot.ToArray(),
        };
    }
}
