using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace Otr.Chain.Transactions;

/// <summary>
/// Sends contract transactions from one account reliably: its own nonce counter (resynced on
/// "nonce too low"), gas estimation with a margin, EIP-1559 fees with replacement of stuck transactions,
/// retries of transient RPC errors, waiting for confirmations, typed reverts, and a durable
/// <see cref="ITxJournal"/> so an intent is sent under one nonce and executed at most once, across restarts.
/// </summary>
/// <remarks>
/// Use one manager per account and journal; no other sender may use the account. Thread-safe:
/// concurrent <see cref="SendAsync"/> calls get consecutive nonces; a second call for an intent already
/// in flight waits for the first and then returns its result.
/// </remarks>
public sealed class TransactionManager : IAsyncDisposable
{
    /// <summary>Name of the <see cref="ActivitySource"/> that traces sends.</summary>
    public const string ActivitySourceName = "Otr.Chain";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly IWeb3 _web3;
    private readonly EthECKey _key;
    private readonly ulong _chainId;
    private readonly TransactionManagerOptions _options;
    private readonly ITxJournal _journal;
    private readonly ILogger _logger;
    private readonly RpcRetry _retry;
    private readonly RevertDecoder _decoder;
    private readonly SemaphoreSlim _nonceLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TxJournalEntry> _entries = new(StringComparer.Ordinal);
    private bool _initialized;
    private bool _resyncNonce;
    private ulong _nextNonce;
    private int _disposed;

    /// <summary>Creates a manager over an existing Nethereum client.</summary>
    /// <param name="web3">Client for the chain; its own account/transaction manager is not used.</param>
    /// <param name="privateKey">0x-prefixed key of the sending account.</param>
    /// <param name="chainId">Chain id signed into every transaction (EIP-155).</param>
    /// <param name="options">Tuning; validated here.</param>
    /// <param name="journal">Durable intent store, e.g. <see cref="FileTxJournal"/> in the service's data directory.</param>
    /// <param name="logger">Optional logger.</param>
    public TransactionManager(IWeb3 web3, string privateKey, ulong chainId, TransactionManagerOptions options, ITxJournal journal, ILogger<TransactionManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(journal);
        options.Validate();
        _web3 = web3;
        _key = new EthECKey(privateKey);
        _chainId = chainId;
        _options = options;
        _journal = journal;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _retry = new RpcRetry(options);
        _decoder = new RevertDecoder(options.ErrorSignatures);
        Address = _key.GetPublicAddress();
    }

    /// <summary>Creates a manager that talks to <paramref name="rpcUrl"/>.</summary>
    public TransactionManager(string rpcUrl, string privateKey, ulong chainId, TransactionManagerOptions options, ITxJournal journal, ILogger<TransactionManager>? logger = null)
        : this(new Web3(rpcUrl), privateKey, chainId, options, journal, logger)
    {
    }

    /// <summary>The sending account (checksummed).</summary>
    public string Address { get; }

    /// <summary>
    /// Executes <paramref name="intent"/> once: sends it (or re-attaches to the transaction already sent
    /// for its id), bumps fees while it is stuck, and returns when it is mined and confirmed. Calling it
    /// again for a mined intent returns the same outcome without sending anything.
    /// </summary>
    /// <exception cref="TransactionRevertedException">The call reverts (at estimation, or mined with status 0).</exception>
    /// <exception cref="TransactionManagerException">The node rejected the transaction, its nonce was taken, or the node stayed unreachable.</exception>
    /// <exception cref="ArgumentException">The intent id is already journaled with different content.</exception>
    public async Task<TxOutcome> SendAsync(TxIntent intent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.IntentId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _lifetime.Token);
        var token = linked.Token;
        using var activity = Source.StartActivity("otr.chain.send_transaction", ActivityKind.Client);
        activity?.SetTag("otr.tx.intent_id", intent.IntentId);
        activity?.SetTag("otr.tx.from", Address);
        activity?.SetTag("otr.tx.to", intent.To);
        while (true)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight.TryAdd(intent.IntentId, done.Task))
            {
                try
                {
                    var outcome = await SendCoreAsync(intent, token).ConfigureAwait(false);
                    activity?.SetTag("otr.tx.hash", outcome.TransactionHash);
                    activity?.SetTag("otr.tx.block", outcome.BlockNumber);
                    return outcome;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                    throw;
                }
                finally
                {
                    _inFlight.TryRemove(intent.IntentId, out _);
                    done.SetResult();
                }
            }
            if (_inFlight.TryGetValue(intent.IntentId, out var other))
                await other.WaitAsync(token).ConfigureAwait(false);
        }
    }

    /// <summary>Intents of this account that are journaled as pending: after a restart, send them again to finish them.</summary>
    public async Task<IReadOnlyList<TxIntent>> GetUnfinishedIntentsAsync(CancellationToken ct = default)
    {
        await EnsureInitializedAsync(ct).ConfigureAwait(false);
        return _entries.Values.Where(e => e.Status == TxIntentStatus.Pending).OrderBy(e => e.Nonce).Select(e => e.ToIntent()).ToArray();
    }

    /// <summary>The journal entry of an intent of this account, or <c>null</c>.</summary>
    public async Task<TxJournalEntry?> GetEntryAsync(string intentId, CancellationToken ct = default)
    {
        await EnsureInitializedAsync(ct).ConfigureAwait(false);
        return _entries.GetValueOrDefault(intentId);
    }

    /// <summary>Cancels every send in progress (their transactions stay journaled as pending) and waits for them to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TransactionManagerException)
        {
        }
        _lifetime.Dispose();
        _nonceLock.Dispose();
    }

    private async Task<TxOutcome> SendCoreAsync(TxIntent intent, CancellationToken ct)
    {
        await EnsureInitializedAsync(ct).ConfigureAwait(false);
        if (_entries.TryGetValue(intent.IntentId, out var existing))
        {
            EnsureSameIntent(existing, intent);
            switch (existing.Status)
            {
                case TxIntentStatus.Mined:
                case TxIntentStatus.Pending:
                    return await TrackAsync(existing, reattach: true, ct).ConfigureAwait(false);
                case TxIntentStatus.Reverted:
                    throw new TransactionRevertedException(existing.IntentId, existing.MinedTransactionHash, _decoder.Decode(existing.RevertData, existing.Error));
                case TxIntentStatus.Failed:
                    _logger.LogInformation("Intent {IntentId} failed before ({Error}); sending it afresh", existing.IntentId, existing.Error);
                    break;
            }
        }
        var gasLimit = intent.GasLimit ?? await EstimateGasAsync(intent, ct).ConfigureAwait(false);
        var entry = await BroadcastNewAsync(intent, gasLimit, ct).ConfigureAwait(false);
        return await TrackAsync(entry, reattach: false, ct).ConfigureAwait(false);
    }

    private async Task EnsureInitializedAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _initialized))
            return;
        await _nonceLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_initialized)
                return;
            foreach (var entry in await _journal.LoadAsync(ct).ConfigureAwait(false))
            {
                if (string.Equals(entry.From, Address, StringComparison.OrdinalIgnoreCase))
                    _entries[entry.IntentId] = entry;
            }
            var chainNonce = await PendingNonceAsync(ct).ConfigureAwait(false);
            var journaled = _entries.Values.Where(e => e.Status == TxIntentStatus.Pending).Select(e => e.Nonce + 1).DefaultIfEmpty(0UL).Max();
            _nextNonce = Math.Max(chainNonce, journaled);
            Volatile.Write(ref _initialized, true);
            _logger.LogInformation("Transaction manager for {Address}: next nonce {Nonce}, {Pending} pending intents in the journal",
                Address, _nextNonce, _entries.Values.Count(e => e.Status == TxIntentStatus.Pending));
        }
        finally
        {
            _nonceLock.Release();
        }
    }

    private async Task<TxJournalEntry> BroadcastNewAsync(TxIntent intent, ulong gasLimit, CancellationToken ct)
    {
        var fees = await CurrentFeesAsync(ct).ConfigureAwait(false);
        await _nonceLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (_resyncNonce)
                {
                    _nextNonce = await PendingNonceAsync(ct).ConfigureAwait(false);
                    _resyncNonce = false;
                }
                var nonce = _nextNonce;
                var entry = new TxJournalEntry
                {
                    IntentId = intent.IntentId,
                    From = Address,
                    To = intent.To,
                    Data = NormalizeHex(intent.Data),
                    Value = intent.Value,
                    GasLimit = gasLimit,
                    Nonce = nonce,
                    Attempts = [Sign(intent.To, intent.Data, intent.Value, gasLimit, nonce, fees)],
                    Status = TxIntentStatus.Pending,
                    UpdatedAt = DateTimeOffset.UtcNow,
                };
                // From here on the transaction may reach the network: no cancellation until the node has answered,
                // so the journal and the nonce counter never disagree with what was broadcast.
                await SaveAsync(entry, CancellationToken.None).ConfigureAwait(false);
                BroadcastResult result;
                string? error;
                try
                {
                    (result, error) = await BroadcastAsync(entry.Attempts[^1], CancellationToken.None).ConfigureAwait(false);
                }
                catch (TransactionManagerException e) when (e.IsTransient)
                {
                    _nextNonce = nonce + 1; // the node may have it: never reuse this nonce for another intent
                    throw new TransactionManagerException(intent.IntentId, $"Intent '{intent.IntentId}' is journaled under nonce {nonce} but the node could not be reached; send it again to re-attach.", e)
                    {
                        IsTransient = true,
                    };
                }
                switch (result)
                {
                    case BroadcastResult.Accepted or BroadcastResult.AlreadyKnown:
                        _nextNonce = nonce + 1;
                        _logger.LogInformation("Intent {IntentId} sent as {Hash} with nonce {Nonce}", intent.IntentId, entry.Attempts[^1].Hash, nonce);
                        return entry;
                    case BroadcastResult.NonceTooLow when attempt < 5:
                        _logger.LogWarning("Nonce {Nonce} is already used on chain; resyncing the nonce counter", nonce);
                        _resyncNonce = true;
                        continue;
                    default:
                        var failed = entry with { Status = TxIntentStatus.Failed, Error = $"node rejected the transaction ({result}): {error}", UpdatedAt = DateTimeOffset.UtcNow };
                        await SaveAsync(failed, CancellationToken.None).ConfigureAwait(false);
                        throw new TransactionManagerException(intent.IntentId, $"Intent '{intent.IntentId}': {failed.Error}");
                }
            }
        }
        finally
        {
            _nonceLock.Release();
        }
    }

    private async Task<TxOutcome> TrackAsync(TxJournalEntry entry, bool reattach, CancellationToken ct)
    {
        if (reattach && entry.Status == TxIntentStatus.Pending)
        {
            // After a restart the node may have dropped the transaction (or never received it): offer it again.
            var (again, _) = await BroadcastAsync(entry.Attempts[^1], ct).ConfigureAwait(false);
            _logger.LogInformation("Re-attached to intent {IntentId} (nonce {Nonce}, {Attempts} attempts): re-broadcast {Result}",
                entry.IntentId, entry.Nonce, entry.Attempts.Count, again);
        }
        var sinceBroadcast = Stopwatch.StartNew();
        var consumedWithoutReceipt = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var hashes = entry.Status == TxIntentStatus.Mined && entry.MinedTransactionHash is { } minedHash
                ? new[] { minedHash }.Concat(entry.Attempts.Select(a => a.Hash).Reverse())
                : entry.Attempts.Select(a => a.Hash).Reverse();
            foreach (var hash in hashes.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var receipt = await _retry.ExecuteAsync("eth_getTransactionReceipt",
                    () => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash), ct).ConfigureAwait(false);
                if (receipt?.BlockNumber is null)
                    continue;
                var confirmed = await WaitForConfirmationsAsync(receipt, ct).ConfigureAwait(false);
                if (confirmed is not null)
                    return await FinishAsync(entry, confirmed, ct).ConfigureAwait(false);
                break; // reorged out while waiting: poll everything again
            }

            var minedNonce = await NonceAsync(BlockParameter.CreateLatest(), ct).ConfigureAwait(false);
            if (minedNonce > entry.Nonce)
            {
                // The nonce is used but none of our transactions has a receipt. Give the node a few polls
                // (receipts can lag the nonce on load-balanced RPCs) before concluding another transaction took it.
                if (++consumedWithoutReceipt >= 3)
                {
                    var failed = entry with { Status = TxIntentStatus.Failed, Error = $"nonce {entry.Nonce} was used by a transaction this intent did not send", UpdatedAt = DateTimeOffset.UtcNow };
                    await SaveAsync(failed, CancellationToken.None).ConfigureAwait(false);
                    _resyncNonce = true;
                    throw new TransactionManagerException(entry.IntentId, $"Intent '{entry.IntentId}' was not executed: {failed.Error}; send it again to retry under a new nonce.");
                }
            }
            else
            {
                consumedWithoutReceipt = 0;
                if (sinceBroadcast.Elapsed >= _options.FeeBumpTimeout)
                {
                    entry = await BumpFeesAsync(entry, ct).ConfigureAwait(false);
                    sinceBroadcast.Restart();
                }
            }
            await Task.Delay(_options.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<TransactionReceipt?> WaitForConfirmationsAsync(TransactionReceipt receipt, CancellationToken ct)
    {
        var included = (ulong)receipt.BlockNumber.Value;
        var target = included + (ulong)_options.Confirmations - 1;
        while (true)
        {
            var head = await _retry.ExecuteAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), ct).ConfigureAwait(false);
            if ((ulong)head.Value >= target)
                break;
            await Task.Delay(_options.PollInterval, ct).ConfigureAwait(false);
        }
        if (_options.Confirmations == 1)
            return receipt;
        // Re-read: a reorg during the wait may have dropped or moved the transaction.
        var again = await _retry.ExecuteAsync("eth_getTransactionReceipt",
            () => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(receipt.TransactionHash), ct).ConfigureAwait(false);
        if (again?.BlockNumber is null)
            return null;
        return string.Equals(again.BlockHash, receipt.BlockHash, StringComparison.OrdinalIgnoreCase)
            ? again
            : await WaitForConfirmationsAsync(again, ct).ConfigureAwait(false);
    }

    private async Task<TxOutcome> FinishAsync(TxJournalEntry entry, TransactionReceipt receipt, CancellationToken ct)
    {
        var blockNumber = (ulong)receipt.BlockNumber.Value;
        if (receipt.Status?.Value == BigInteger.One)
        {
            if (entry.Status != TxIntentStatus.Mined || entry.MinedTransactionHash != receipt.TransactionHash)
            {
                entry = entry with { Status = TxIntentStatus.Mined, MinedTransactionHash = receipt.TransactionHash, BlockNumber = blockNumber, UpdatedAt = DateTimeOffset.UtcNow };
                await SaveAsync(entry, CancellationToken.None).ConfigureAwait(false);
                _logger.LogInformation("Intent {IntentId} mined in block {Block} as {Hash}", entry.IntentId, blockNumber, receipt.TransactionHash);
            }
            return new TxOutcome(entry.IntentId, receipt.TransactionHash, entry.Nonce, blockNumber, receipt.BlockHash,
                receipt.GasUsed?.Value ?? 0, receipt.EffectiveGasPrice?.Value ?? 0,
                string.IsNullOrEmpty(receipt.ContractAddress) ? null : receipt.ContractAddress, entry.Attempts.Count, receipt);
        }

        var revert = await ReplayRevertAsync(entry, blockNumber, ct).ConfigureAwait(false);
        var reverted = entry with
        {
            Status = TxIntentStatus.Reverted,
            MinedTransactionHash = receipt.TransactionHash,
            BlockNumber = blockNumber,
            RevertData = revert.Data,
            Error = revert.Reason ?? revert.ToString(),
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await SaveAsync(reverted, CancellationToken.None).ConfigureAwait(false);
        _logger.LogWarning("Intent {IntentId} reverted in block {Block} ({Hash}): {Revert}", entry.IntentId, blockNumber, receipt.TransactionHash, revert);
        throw new TransactionRevertedException(entry.IntentId, receipt.TransactionHash, revert);
    }

    /// <summary>
    /// Receipts carry no revert data, so the call is replayed on the state before its block. Exact unless an
    /// earlier transaction in the same block changed what the call depends on.
    /// </summary>
    private async Task<RevertInfo> ReplayRevertAsync(TxJournalEntry entry, ulong blockNumber, CancellationToken ct)
    {
        var call = CallInputOf(entry.To, entry.Data, entry.Value);
        call.Gas = new HexBigInteger(entry.GasLimit);
        var block = new HexBigInteger(blockNumber == 0 ? 0 : blockNumber - 1).HexValue;
        try
        {
            await _retry.ExecuteAsync("eth_call", () => _web3.Client.SendRequestAsync<string>("eth_call", null, call, block), ct).ConfigureAwait(false);
            return _decoder.Decode(null, "the call succeeds when replayed; the revert depended on the transactions before it in its block");
        }
        catch (RpcResponseException e)
        {
            return _decoder.Decode(RevertData(e), e.RpcError?.Message);
        }
    }

    private async Task<TxJournalEntry> BumpFeesAsync(TxJournalEntry entry, CancellationToken ct)
    {
        var last = entry.Attempts[^1];
        var (baseFee, tip) = await FeeInputsAsync(ct).ConfigureAwait(false);
        if (FeePolicy.Bump(new Fees(last.MaxFeePerGas, last.MaxPriorityFeePerGas), baseFee, tip, _options) is not { } fees)
        {
            _logger.LogWarning("Intent {IntentId} is stuck at the fee cap {Cap}; waiting", entry.IntentId, _options.MaxFeePerGasCap);
            return entry;
        }
        var attempt = Sign(entry.To, entry.Data, entry.Value, entry.GasLimit, entry.Nonce, fees);
        var bumped = entry with { Attempts = [.. entry.Attempts, attempt], UpdatedAt = DateTimeOffset.UtcNow };
        await SaveAsync(bumped, CancellationToken.None).ConfigureAwait(false);
        var (result, _) = await BroadcastAsync(attempt, CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("Intent {IntentId} re-sent with higher fees as {Hash} (max fee {MaxFee}, tip {Tip}): {Result}",
            entry.IntentId, attempt.Hash, fees.MaxFeePerGas, fees.MaxPriorityFeePerGas, result);
        return bumped;
    }

    private async Task<ulong> EstimateGasAsync(TxIntent intent, CancellationToken ct)
    {
        var call = CallInputOf(intent.To, intent.Data, intent.Value);
        try
        {
            var estimate = await _retry.ExecuteAsync("eth_estimateGas",
                () => _web3.Client.SendRequestAsync<HexBigInteger>("eth_estimateGas", null, call), ct).ConfigureAwait(false);
            var withMargin = (ulong)(estimate.Value * (100 + _options.GasMarginPercent) / 100);
            return Math.Max(withMargin, _options.MinGasLimit);
        }
        catch (RpcResponseException e) when (IsRevert(e))
        {
            throw new TransactionRevertedException(intent.IntentId, null, _decoder.Decode(RevertData(e), e.RpcError?.Message));
        }
        catch (RpcResponseException e)
        {
            throw new TransactionManagerException(intent.IntentId, $"Gas estimation for intent '{intent.IntentId}' failed: {e.RpcError?.Message ?? e.Message}", e);
        }
    }

    private async Task<(BroadcastResult Result, string? Error)> BroadcastAsync(TxAttempt attempt, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync("eth_sendRawTransaction",
                () => _web3.Client.SendRequestAsync<string>("eth_sendRawTransaction", null, attempt.RawTransaction), ct).ConfigureAwait(false);
            return (BroadcastResult.Accepted, null);
        }
        catch (RpcResponseException e)
        {
            return (BroadcastErrors.Classify(e), e.RpcError?.Message ?? e.Message);
        }
    }

    private TxAttempt Sign(string? to, string data, BigInteger value, ulong gasLimit, ulong nonce, Fees fees)
    {
        var tx = new Nethereum.Model.Transaction1559(_chainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit,
            to, value, NormalizeHex(data), []);
        var raw = new Transaction1559Signer().SignTransaction(_key, tx);
        raw = raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? raw : "0x" + raw;
        var hash = Nethereum.Util.TransactionUtils.CalculateTransactionHash(raw);
        hash = hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hash : "0x" + hash;
        return new TxAttempt(hash, raw, fees.MaxFeePerGas, fees.MaxPriorityFeePerGas, DateTimeOffset.UtcNow);
    }

    private async Task<Fees> CurrentFeesAsync(CancellationToken ct)
    {
        var (baseFee, tip) = await FeeInputsAsync(ct).ConfigureAwait(false);
        return FeePolicy.Initial(baseFee, tip, _options);
    }

    private async Task<(BigInteger BaseFee, BigInteger Tip)> FeeInputsAsync(CancellationToken ct)
    {
        var block = await _retry.ExecuteAsync("eth_getBlockByNumber",
            () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()), ct).ConfigureAwait(false);
        var baseFee = block?.BaseFeePerGas?.Value
            ?? throw new TransactionManagerException("The node's latest block has no base fee: the chain does not support EIP-1559 transactions.");
        BigInteger tip;
        try
        {
            tip = (await _retry.ExecuteAsync("eth_maxPriorityFeePerGas",
                () => _web3.Client.SendRequestAsync<HexBigInteger>("eth_maxPriorityFeePerGas", null), ct).ConfigureAwait(false)).Value;
        }
        catch (RpcResponseException)
        {
            tip = _options.MinPriorityFeePerGas; // the node does not suggest tips
        }
        return (baseFee, tip);
    }

    private async Task<ulong> PendingNonceAsync(CancellationToken ct) => await NonceAsync(BlockParameter.CreatePending(), ct).ConfigureAwait(false);

    private async Task<ulong> NonceAsync(BlockParameter block, CancellationToken ct)
    {
        var count = await _retry.ExecuteAsync("eth_getTransactionCount",
            () => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, block), ct).ConfigureAwait(false);
        return (ulong)count.Value;
    }

    private async Task SaveAsync(TxJournalEntry entry, CancellationToken ct)
    {
        await _journal.SaveAsync(entry, ct).ConfigureAwait(false);
        _entries[entry.IntentId] = entry;
    }

    private CallInput CallInputOf(string? to, string data, BigInteger value) => new()
    {
        From = Address,
        To = to,
        Data = NormalizeHex(data),
        Value = new HexBigInteger(value),
    };

    private static void EnsureSameIntent(TxJournalEntry entry, TxIntent intent)
    {
        if (!string.Equals(entry.To, intent.To, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(entry.Data, NormalizeHex(intent.Data), StringComparison.OrdinalIgnoreCase)
            || entry.Value != intent.Value)
        {
            throw new ArgumentException($"Intent '{intent.IntentId}' is already journaled with a different recipient, data or value; intent ids must name one transaction.", nameof(intent));
        }
    }

    private static bool IsRevert(RpcResponseException e) =>
        e.RpcError?.Code == 3 || (e.RpcError?.Message ?? e.Message).Contains("revert", StringComparison.OrdinalIgnoreCase);

    /// <summary>Revert data from an RPC error: <c>error.data</c> as hex, or nested as <c>{ "data": "0x…" }</c> by some nodes.</summary>
    private static string? RevertData(RpcResponseException e)
    {
        var text = e.RpcError?.GetDataAsString();
        if (string.IsNullOrEmpty(text))
            return null;
        var match = System.Text.RegularExpressions.Regex.Match(text, "0x[0-9a-fA-F]*");
        return match.Success && match.Length % 2 == 0 ? match.Value : null;
    }

    private static string NormalizeHex(string data)
    {
        if (string.IsNullOrEmpty(data))
            return "0x";
        return data.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? "0x" + data[2..].ToLowerInvariant() : "0x" + data.ToLowerInvariant();
    }
}
