using System.Collections.Concurrent;
using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Contracts;
using Otr.Chain.Disputes;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Inference.Fine;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Executor.Disputes;

/// <summary>
/// The executor's side of disputes: scans L1 for <c>DisputeOpened</c> on its enclave key (from the journal's cursor),
/// reads each game's opening from its transaction, rebuilds the signed trace (<see cref="DefenseTrace"/>) and answers
/// every move with <see cref="DisputeSolver"/> from the operator account until the game ends, then withdraws what the
/// operator won. The journal holds the cursor and each game's status; the moves themselves are decided from L1 every
/// time, so a restart resumes every game where it stands.
/// </summary>
internal sealed partial class DisputeDefender(
    ExecutorRuntime runtime,
    IOptions<ExecutorOptions> executorOptions,
    IOptions<ExecutorDisputeOptions> disputeOptions,
    TimeProvider time,
    ILogger<DisputeDefender> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Q8DisputeTrace> _traces = new(StringComparer.OrdinalIgnoreCase);
    private DisputeJournal? _journal;
    private DisputePlayer? _player;
    private string _operator = "";

    /// <summary>The journal's latest record of every game (empty until started).</summary>
    public IReadOnlyList<DisputeRecord> Games => _journal?.Games ?? [];

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = disputeOptions.Value;
        var l1 = executorOptions.Value.L1;
        if (!o.Enabled || string.IsNullOrWhiteSpace(l1.RpcUrl))
        {
            return;
        }

        while (!runtime.IsReady)
        {
            if (runtime.Failure is not null)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken).ConfigureAwait(false);
        }

        var key = !string.IsNullOrWhiteSpace(l1.OperatorKey) ? l1.OperatorKey.Trim()
            : !string.IsNullOrWhiteSpace(l1.OperatorKeyFile) ? (await File.ReadAllTextAsync(l1.OperatorKeyFile, stoppingToken).ConfigureAwait(false)).Trim()
            : null;
        if (key is null)
        {
            LogNoOperator();
            return;
        }

        var account = new Account(key);
        _operator = account.Address;
        var web3 = new Web3(account, l1.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        _player = new DisputePlayer(new DisputeGameService(web3, o.DisputeGame!), logger);
        _journal = DisputeJournal.Open(o.JournalPath);
        var enclave = runtime.State.Tee.EnclaveAddress;
        LogStarted(enclave, _operator, o.DisputeGame!, o.Defend);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ScanAsync(enclave, o, stoppingToken).ConfigureAwait(false);
                    foreach (var game in _journal.Games.Where(g => g.Status is DisputeRecordStatus.Open or DisputeRecordStatus.Resolved))
                    {
                        await ProcessAsync(game, o, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRetry(e);
                }

                await Task.Delay(o.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _journal.Dispose();
        }
    }

    private async Task ScanAsync(string enclave, ExecutorDisputeOptions o, CancellationToken ct)
    {
        var (latest, _) = await _player!.Game.GetLatestBlockAsync().ConfigureAwait(false);
        var from = _journal!.ScannedThrough > 0 ? _journal.ScannedThrough + 1 : o.FromBlock;
        if (from > latest)
        {
            return;
        }

        foreach (var opened in await _player.Game.GetOpenedAsync(enclave, from, latest).ConfigureAwait(false))
        {
            var id = opened.Digest.ToString();
            if (_journal.Find(id) is null)
            {
                _journal.Save(new DisputeRecord { Digest = id, Status = DisputeRecordStatus.Open, OpenTx = opened.TransactionHash, At = time.GetUtcNow() });
                LogChallenged(opened.Digest, opened.Challenger, opened.TransactionHash);
            }
        }

        _journal.SaveCursor(latest, time.GetUtcNow());
        ct.ThrowIfCancellationRequested();
    }

    private async Task ProcessAsync(DisputeRecord record, ExecutorDisputeOptions o, CancellationToken ct)
    {
        var digest = Bytes32.Parse(record.Digest!);
        if (record.Status == DisputeRecordStatus.Resolved)
        {
            var withdrawn = await _player!.WithdrawAsync(_operator, ct).ConfigureAwait(false);
            _journal!.Save(record with { Status = DisputeRecordStatus.Done, Detail = $"withdrew {withdrawn} wei", At = time.GetUtcNow() });
            LogWithdrawn(digest, withdrawn);
            return;
        }

        var state = runtime.State;
        if (!o.Defend)
        {
            // Cheat: never answer. Still notice the end, so the journal says how it went.
            if (await _player!.Game.GetGameAsync(digest).ConfigureAwait(false) is { Phase: DisputePhase.Resolved } over)
            {
                Resolve(record, digest, over);
            }

            return;
        }

        if (!_traces.TryGetValue(record.Digest!, out var trace))
        {
            var opening = await _player!.Game.GetOpeningAsync(record.OpenTx!).ConfigureAwait(false);
            trace = await Task.Run(() => DefenseTrace.Build(state, executorOptions.Value.Cheat, opening), ct).ConfigureAwait(false);
            _traces[record.Digest!] = trace;
        }

        var game = await _player!.PlayAsync(digest, DisputeRole.Executor, trace, trace.Witnesses, ct).ConfigureAwait(false);
        if (game.Phase == DisputePhase.Resolved)
        {
            Resolve(record, digest, game);
        }
    }

    private void Resolve(DisputeRecord record, Bytes32 digest, DisputeGameState state)
    {
        _journal!.Save(record with { Status = DisputeRecordStatus.Resolved, Outcome = state.Outcome.ToString(), Reason = state.Reason.ToString(), At = time.GetUtcNow() });
        _traces.TryRemove(record.Digest!, out _);
        LogResolved(digest, state.Outcome, state.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "watching for disputes on enclave key {Enclave}; operator {Operator} plays at {Game}; defend: {Defend}")]
    private partial void LogStarted(string enclave, string @operator, string game, bool defend);

    [LoggerMessage(Level = LogLevel.Warning, Message = "disputes are configured but Executor:L1 has no operator key to play with; not watching")]
    private partial void LogNoOperator();

    [LoggerMessage(Level = LogLevel.Warning, Message = "receipt {Digest} challenged by {Challenger} (tx {Tx}); defending")]
    private partial void LogChallenged(Bytes32 digest, string challenger, string tx);

    [LoggerMessage(Level = LogLevel.Warning, Message = "game {Digest} resolved: {Outcome} by {Reason}")]
    private partial void LogResolved(Bytes32 digest, DisputeOutcome outcome, DisputeReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "game {Digest}: withdrew {Wei} wei")]
    private partial void LogWithdrawn(Bytes32 digest, BigInteger wei);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dispute round failed (L1 unreachable or a transaction did not land); retrying")]
    private partial void LogRetry(Exception exception);
}
