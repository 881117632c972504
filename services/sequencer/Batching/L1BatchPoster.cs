using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Chain.Contracts;
using Otr.Chain.Transactions;
using Otr.Protocol;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Batching;

/// <summary>
/// Posts batches with <c>OtrRollup.submitBatch(batchIndex, root, count, dataPointer)</c> through the
/// <see cref="TransactionManager"/> under the intent id <c>batch-{index}</c>, so a re-post after a
/// restart re-attaches to the transaction already sent. When the rollup answers
/// <c>BatchIndexMismatch</c> (the index is taken, e.g. the journal was lost) and the batch stored at
/// that index has the same root, count and dataPointer, the batch counts as posted and the
/// transaction is found from the <c>BatchSubmitted</c> event; any other mismatch is a conflict and throws.
/// </summary>
public sealed partial class L1BatchPoster : IBatchPoster
{
    private readonly TransactionManager _transactions;
    private readonly OtrRollupService _rollup;
    private readonly IWeb3 _web3;
    private readonly ILogger _logger;

    /// <summary>Creates the poster.</summary>
    /// <param name="transactions">Sends from the account set as the rollup's sequencer.</param>
    /// <param name="web3">Client for reads (batches, events) on the same chain.</param>
    /// <param name="rollupAddress">The OtrRollup contract.</param>
    /// <param name="logger">Optional logger.</param>
    public L1BatchPoster(TransactionManager transactions, IWeb3 web3, string rollupAddress, ILogger<L1BatchPoster>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(web3);
        _transactions = transactions;
        _web3 = web3;
        _rollup = new OtrRollupService(web3, rollupAddress);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The transaction-manager intent id of a batch: <c>batch-{index}</c>.</summary>
    public static string IntentId(ulong batchIndex) => $"batch-{batchIndex}";

    /// <inheritdoc />
    public async Task<string> PostAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var call = new OtrRollupMessages.SubmitBatchFunction
        {
            BatchIndex = batch.Index,
            Root = batch.Root.ToArray(),
            Count = (uint)batch.Members.Count,
            DataPointer = batch.DataPointer.ToArray(),
        };
        try
        {
            var outcome = await _transactions.SendAsync(TxIntent.Call(IntentId(batch.Index), _rollup.Address, call.GetCallData().ToHex(prefix: true)), cancellationToken);
            return outcome.TransactionHash;
        }
        catch (TransactionRevertedException e) when (IsBatchIndexMismatch(e.Revert))
        {
            var onChain = await _rollup.GetBatchAsync(batch.Index);
            if (onChain is null || onChain.Root != batch.Root || onChain.Count != (uint)batch.Members.Count || onChain.DataPointer != batch.DataPointer)
            {
                throw new InvalidOperationException(
                    $"L1 refused batch {batch.Index} (root {batch.Root}): " +
                    (onChain is null ? "the rollup expects another index (was the chain reset?)" : $"the rollup holds another batch at that index (root {onChain.Root}, count {onChain.Count})"),
                    e);
            }

            var txHash = await FindSubmissionAsync(batch.Index);
            LogAlreadyPosted(batch.Index, txHash);
            return txHash;
        }
    }

    private static bool IsBatchIndexMismatch(RevertInfo revert) =>
        string.Equals(revert.Selector, "0x" + Convert.ToHexStringLower(Keccak.HashUtf8("BatchIndexMismatch(uint64,uint64)").Span[..4]), StringComparison.OrdinalIgnoreCase);

    private async Task<string> FindSubmissionAsync(ulong batchIndex)
    {
        var submitted = _web3.Eth.GetEvent<OtrRollupMessages.BatchSubmittedEvent>(_rollup.Address);
        var filter = submitted.CreateFilterInput(batchIndex, BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await submitted.GetAllChangesAsync(filter);
        return logs.Count > 0
            ? logs[^1].Log.TransactionHash
            : throw new InvalidOperationException($"batch {batchIndex} is on L1 but its BatchSubmitted event was not found");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {Index} was already on L1 with the same root (transaction {TxHash})")]
    private partial void LogAlreadyPosted(ulong index, string txHash);
}
