using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Attestation;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Dispute.Bench;

/// <summary>
/// A fresh Anvil with the OTR contracts and the real <c>Q8OneStepVerifier</c>: dev account 0 deploys and owns,
/// 1 is the sequencer, 2 the executor's operator, 3 the challenger. The demo model is registered; every game gets
/// its own enclave key (a lost game slashes the key's whole stake), registered with dev attestation evidence.
/// </summary>
internal sealed class DisputeChain : IAsyncDisposable
{
    private static readonly BigInteger Stake = BigInteger.Pow(10, 18);
    private static readonly byte[] DevRootKey = Keccak.HashUtf8("otr dispute bench dev root").ToArray();
    private readonly AnvilNode _node;
    private readonly Eip712Domain _domain;

    private DisputeChain(AnvilNode node, OtrContracts contracts, string verifier, Q8Model model)
    {
        _node = node;
        Contracts = contracts;
        Verifier = verifier;
        Model = model;
        _domain = new Eip712Domain(node.ChainId, contracts.Rollup);
        Owner = Web3For(0);
        Sequencer = Web3For(1);
        Operator = Web3For(2);
        Challenger = Web3For(3);
    }

    public OtrContracts Contracts { get; }

    /// <summary>Address of the deployed <c>Q8OneStepVerifier</c>.</summary>
    public string Verifier { get; }

    /// <summary>The registered model.</summary>
    public Q8Model Model { get; }

    public Web3 Owner { get; }

    public Web3 Sequencer { get; }

    public Web3 Operator { get; }

    public Web3 Challenger { get; }

    public DisputeGameService GameAs(Web3 web3) => new(web3, Contracts.DisputeGame!);

    public static async Task<DisputeChain> StartAsync(Q8Model model, CancellationToken ct)
    {
        var node = await AnvilNode.StartAsync(ct: ct);
        try
        {
            var owner = Web3For(node, 0);
            var verifier = await OtrDeployer.DeployQ8OneStepVerifierAsync(owner, ct);
            var contracts = await OtrDeployer.DeployAllAsync(owner, new DeploymentOptions
            {
                DevRootAddress = DevAttestation.AddressOf(DevRootKey),
                Sequencer = node.DevAddresses[1],
                MinStakeWei = Stake,
                AllowedMeasurements = [DevAttestation.Measurement],
                OneStepVerifier = verifier,
            }, ct);
            await new ModelRegistryService(owner, contracts.ModelRegistry).RegisterModelAsync(
                model.ModelId, model.WeightsRoot, model.TokenizerDigest, "q8-exact", 1_000_000_000, ct);
            return new DisputeChain(node, contracts, verifier, model);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers a fresh enclave key, signs a receipt over <paramref name="traceRoot"/> (the executor's) for the request,
    /// posts it in a batch of two and opens a game on it with <paramref name="challengerRoot"/>. Returns the digest and
    /// the opening transaction.
    /// </summary>
    public async Task<(Bytes32 Digest, TransactionReceipt Open)> OpenGameAsync(
        int game, string prompt, IReadOnlyList<int> output, DecodingParams parameters, Bytes32 traceRoot, ulong traceLength, Bytes32 challengerRoot, CancellationToken ct)
    {
        var key = Keccak.HashUtf8($"enclave {game}").ToArray();
        var enclave = ReceiptSigner.AddressOf(key);
        var evidence = DevAttestation.Sign(DevRootKey, enclave, DevAttestation.Measurement, Model.WeightsRoot);
        await new ExecutorRegistryService(Operator, Contracts.ExecutorRegistry).RegisterAsync(enclave, Model.ModelId, DevAttestation.Measurement, evidence, Stake, ct);

        var receipt = new Receipt(
            Keccak.HashUtf8($"request {game}"), Model.ModelId, ReceiptFields.PromptHash(prompt), ReceiptFields.ParamsHash(parameters),
            ReceiptFields.OutputHash(output), traceRoot, traceLength, enclave, (ulong)game, 1_767_225_600);
        var digest = ReceiptHasher.Digest(receipt, _domain);
        Bytes32[] leaves = [TreeHash.Leaf(digest.Span), TreeHash.Leaf(Keccak.HashUtf8($"batch mate {game}").Span)];
        var rollup = new OtrRollupService(Sequencer, Contracts.Rollup);
        var batch = await rollup.GetNextBatchIndexAsync();
        await rollup.SubmitBatchAsync(batch, MerkleTree.Root(leaves), (uint)leaves.Length, default, ct);

        var challenger = GameAs(Challenger);
        var (opened, tx) = await challenger.OpenAsync(new DisputeOpenRequest(
            receipt, ReceiptSigner.Sign(digest, key), batch, 0, MerkleTree.Proof(leaves, 0), prompt,
            [.. output.Select(t => (uint)t)], parameters, challengerRoot), await challenger.GetBondAsync(), ct);
        return (opened, tx);
    }

    /// <summary>Gas used by a mined transaction.</summary>
    public async Task<long> GasUsedAsync(string transactionHash)
    {
        var receipt = await Owner.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash)
            ?? throw new InvalidOperationException($"no receipt for {transactionHash}");
        return (long)receipt.GasUsed.Value;
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private Web3 Web3For(int account) => Web3For(_node, account);

    private static Web3 Web3For(AnvilNode node, int account)
    {
        var web3 = new Web3(new Account(node.DevPrivateKeys[account], node.ChainId), node.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }
}
