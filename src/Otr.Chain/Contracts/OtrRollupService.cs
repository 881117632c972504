using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Protocol;
using M = Otr.Chain.Contracts.OtrRollupMessages;

namespace Otr.Chain.Contracts;

/// <summary>
/// Calls a deployed <c>OtrRollup</c>. Transactions are sent from the account of the given
/// <see cref="IWeb3"/> (the sequencer's for <see cref="SubmitBatchAsync"/>); reverts surface as
/// <see cref="ContractRevertException"/> (<see cref="BatchIndexMismatchException"/> for a batch index
/// the rollup does not expect).
/// </summary>
public sealed class OtrRollupService
{
    private readonly IWeb3 _web3;
    private readonly ContractClient _client;

    /// <summary>Binds to the rollup at <paramref name="address"/>.</summary>
    public OtrRollupService(IWeb3 web3, string address)
    {
        _web3 = web3;
        _client = new ContractClient(web3, address, "OtrRollup");
    }

    /// <summary>The rollup's address.</summary>
    public string Address => _client.Address;

    /// <summary>The EIP-712 domain receipts for this rollup are signed under (asks the node for the chain id).</summary>
    public async Task<Eip712Domain> GetDomainAsync()
    {
        var chainId = await _web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false);
        return new Eip712Domain((ulong)chainId.Value, Address);
    }

    /// <summary>Sets the sequencer (owner only).</summary>
    public Task<TransactionReceipt> SetSequencerAsync(string sequencer, CancellationToken ct = default) =>
        _client.SendAsync(new M.SetSequencerFunction { Sequencer = sequencer }, ct);

    /// <summary>Sets the dispute game (owner only).</summary>
    public Task<TransactionReceipt> SetDisputeGameAsync(string disputeGame, CancellationToken ct = default) =>
        _client.SendAsync(new M.SetDisputeGameFunction { DisputeGame = disputeGame }, ct);

    /// <summary>Transfers ownership (owner only).</summary>
    public Task<TransactionReceipt> TransferOwnershipAsync(string newOwner, CancellationToken ct = default) =>
        _client.SendAsync(new OwnableMessages.TransferOwnershipFunction { NewOwner = newOwner }, ct);

    /// <summary>
    /// Posts a batch (sequencer only). Throws <see cref="BatchIndexMismatchException"/> when
    /// <paramref name="batchIndex"/> is not <c>nextBatchIndex</c>, e.g. because it was already posted.
    /// </summary>
    public async Task<SubmittedBatch> SubmitBatchAsync(ulong batchIndex, Bytes32 root, uint count, Bytes32 dataPointer, CancellationToken ct = default)
    {
        var receipt = await _client.SendAsync(
            new M.SubmitBatchFunction { BatchIndex = batchIndex, Root = root.ToArray(), Count = count, DataPointer = dataPointer.ToArray() },
            ct).ConfigureAwait(false);
        var e = receipt.DecodeAllEvents<M.BatchSubmittedEvent>().Single(x => x.Log.Address.Equals(Address, StringComparison.OrdinalIgnoreCase)).Event;
        return new SubmittedBatch(e.BatchIndex, new Bytes32(e.Root), e.Count, new Bytes32(e.DataPointer), e.PostedAt,
            receipt.TransactionHash, (ulong)receipt.BlockNumber.Value);
    }

    /// <summary>Records a batch as final once its window has elapsed (anyone may call).</summary>
    public Task<TransactionReceipt> FinalizeBatchAsync(ulong batchIndex, CancellationToken ct = default) =>
        _client.SendAsync(new M.FinalizeBatchFunction { BatchIndex = batchIndex }, ct);

    /// <summary>The index the next batch must carry (= number of batches posted).</summary>
    public Task<ulong> GetNextBatchIndexAsync() => _client.QueryAsync<M.NextBatchIndexFunction, ulong>(new());

    /// <summary>How long a batch stays challengeable.</summary>
    public async Task<TimeSpan> GetChallengeWindowAsync() =>
        TimeSpan.FromSeconds(await _client.QueryAsync<M.ChallengeWindowFunction, ulong>(new()).ConfigureAwait(false));

    /// <summary>The sequencer's address.</summary>
    public Task<string> GetSequencerAsync() => _client.QueryAsync<M.SequencerFunction, string>(new());

    /// <summary>The dispute game's address (zero until set).</summary>
    public Task<string> GetDisputeGameAsync() => _client.QueryAsync<M.DisputeGameFunction, string>(new());

    /// <summary>The owner's address.</summary>
    public Task<string> GetOwnerAsync() => _client.QueryAsync<OwnableMessages.OwnerFunction, string>(new());

    /// <summary>The stored batch, or null when <paramref name="batchIndex"/> was never posted.</summary>
    public async Task<OnChainBatch?> GetBatchAsync(ulong batchIndex)
    {
        var b = await _client.QueryDtoAsync<M.BatchesFunction, M.BatchesOutput>(new() { BatchIndex = batchIndex }).ConfigureAwait(false);
        return b.PostedAt == 0 ? null : new OnChainBatch(batchIndex, new Bytes32(b.Root), b.Count, new Bytes32(b.DataPointer), b.PostedAt, b.Finalized);
    }

    /// <summary>First block timestamp (unix seconds) at which the batch is final; reverts <c>UnknownBatch</c> for an index never posted.</summary>
    public async Task<ulong> GetFinalizesAtAsync(ulong batchIndex) =>
        (ulong)await _client.QueryAsync<M.FinalizesAtFunction, System.Numerics.BigInteger>(new() { BatchIndex = batchIndex }).ConfigureAwait(false);

    /// <summary>The EIP-712 domain separator the contract computes.</summary>
    public async Task<Bytes32> GetDomainSeparatorAsync() =>
        new(await _client.QueryAsync<M.DomainSeparatorFunction, byte[]>(new()).ConfigureAwait(false));

    /// <summary>The contract's <c>RECEIPT_TYPEHASH</c>.</summary>
    public async Task<Bytes32> GetReceiptTypeHashAsync() =>
        new(await _client.QueryAsync<M.ReceiptTypeHashFunction, byte[]>(new()).ConfigureAwait(false));

    /// <summary>The receipt's EIP-712 digest as the contract computes it.</summary>
    public async Task<Bytes32> HashReceiptAsync(Receipt receipt) =>
        new(await _client.QueryAsync<M.HashReceiptFunction, byte[]>(new() { Receipt = ReceiptTuple.From(receipt) }).ConfigureAwait(false));

    /// <summary>The address the contract recovers from the signature; reverts <c>InvalidSignature</c> when malformed.</summary>
    public Task<string> RecoverSignerAsync(Receipt receipt, byte[] signature) =>
        _client.QueryAsync<M.RecoverSignerFunction, string>(new() { Receipt = ReceiptTuple.From(receipt), Signature = signature });

    /// <summary>True when the signature recovers to the receipt's executor and that key is registered for its model in <paramref name="executorRegistry"/>.</summary>
    public Task<bool> VerifyReceiptAsync(Receipt receipt, byte[] signature, string executorRegistry) =>
        _client.QueryAsync<M.VerifyReceiptFunction, bool>(new() { Receipt = ReceiptTuple.From(receipt), Signature = signature, Registry = executorRegistry });

    /// <summary>The batch leaf of a digest, <c>keccak(0x00 ‖ digest)</c>, as the contract computes it.</summary>
    public async Task<Bytes32> GetBatchLeafAsync(Bytes32 digest) =>
        new(await _client.QueryAsync<M.BatchLeafFunction, byte[]>(new() { Digest = digest.ToArray() }).ConfigureAwait(false));

    /// <summary>True when the proof shows <paramref name="digest"/> at <paramref name="index"/> of posted batch <paramref name="batchIndex"/>.</summary>
    public Task<bool> VerifyInclusionAsync(ulong batchIndex, Bytes32 digest, long index, IReadOnlyList<Bytes32> proof) =>
        _client.QueryAsync<M.VerifyInclusionFunction, bool>(new()
        {
            BatchIndex = batchIndex,
            Digest = digest.ToArray(),
            Index = index,
            Proof = proof.Select(p => p.ToArray()).ToList(),
        });

    /// <summary>The receipt's L1 state given its inclusion proof.</summary>
    public async Task<L1ReceiptStatus> GetReceiptStatusAsync(ulong batchIndex, Bytes32 digest, long index, IReadOnlyList<Bytes32> proof) =>
        (L1ReceiptStatus)await _client.QueryAsync<M.ReceiptStatusFunction, byte>(new()
        {
            BatchIndex = batchIndex,
            Digest = digest.ToArray(),
            Index = index,
            Proof = proof.Select(p => p.ToArray()).ToList(),
        }).ConfigureAwait(false);

    /// <summary>The receipt's dispute record: 0 none, 1 a game is open, 2 settled (one game per receipt, ever).</summary>
    public Task<byte> GetDisputeRecordAsync(Bytes32 digest) =>
        _client.QueryAsync<M.DisputeRecordFunction, byte>(new() { Digest = digest.ToArray() });

    /// <summary>True when the dispute game invalidated the digest.</summary>
    public Task<bool> IsInvalidatedAsync(Bytes32 digest) =>
        _client.QueryAsync<M.InvalidatedFunction, bool>(new() { Digest = digest.ToArray() });
}
