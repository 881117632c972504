using System.Collections.Concurrent;
using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Contracts;
using Otr.Chain.Disputes;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Challenger;

/// <summary>
/// The challenger's side of disputes on L1. Disputable verdicts arrive through <see cref="SubmitAsync"/>, which
/// replays the request under teacher forcing, decides (<see cref="DisputePlan"/>) and records the opening in the
/// dispute journal before the receipt loop commits. The loop then opens each recorded game with the bond, plays it
/// with <see cref="DisputeSolver"/> to the end and withdraws what it won. Everything it decides comes from the journal
/// and the game's state on L1, so a restart continues every game where it stands.
/// </summary>
public sealed partial class DisputeAgent : BackgroundService, IDisputeIntake
{
    private readonly ChallengerDisputeOptions _options;
    private readonly IDisputeReplayer _replayer;
    private readonly IBatchProofSource _proofs;
    private readonly IReexecutor _reexecutor;
    private readonly TimeProvider _time;
    private readonly ILogger<DisputeAgent> _logger;
    private readonly ConcurrentDictionary<string, DisputeReplay> _replays = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly DisputeJournal _journal;
    private readonly DisputePlayer _player;

    /// <summary>Opens the journal and binds the game to the configured account.</summary>
    public DisputeAgent(
        IOptions<ChallengerOptions> options,
        IDisputeReplayer replayer,
        IBatchProofSource proofs,
        IReexecutor reexecutor,
        TimeProvider time,
        ILogger<DisputeAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Dispute;
        _replayer = replayer;
        _proofs = proofs;
        _reexecutor = reexecutor;
        _time = time;
        _logger = logger;
        var key = ReadKey(_options);
        var rpc = options.Value.L1.RpcUrl ?? throw new InvalidOperationException($"{ChallengerOptions.SectionName}:L1:RpcUrl is required for disputes");
        var account = new Account(key);
        Account = account.Address;
        var web3 = new Web3(account, rpc);
        web3.TransactionManager.UseLegacyAsDefault = false;
        _player = new DisputePlayer(new DisputeGameService(web3, _options.DisputeGame!), logger);
        _journal = DisputeJournal.Open(_options.JournalPath);
        if (_journal.TornBytes > 0)
        {
            LogTorn(_journal.TornBytes, _options.JournalPath);
        }
    }

    /// <summary>The account that bonds and plays.</summary>
    public string Account { get; }

    /// <summary>The journal's latest record of every game.</summary>
    public IReadOnlyList<DisputeRecord> Games => _journal.Games;

    /// <inheritdoc />
    public async Task SubmitAsync(PublishedReceipt published, Bytes32 digest, Verdict verdict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(verdict);
        var id = digest.ToString();
        if (!verdict.Disputable || _journal.Find(id) is not null)
        {
            return;
        }

        var receipt = published.Receipt;
        if (ReceiptFields.OutputHash(published.OutputTokens) != receipt.OutputHash)
        {
            Abandon(id, "the published output is not the signed output; the game needs the signed one");
            return;
        }

        if (published.BatchIndex is not { } batch || published.LeafIndex is not { } leaf
            || (published.InclusionProof ?? await _proofs.GetProofAsync(batch, leaf, cancellationToken).ConfigureAwait(false)) is not { } proof)
        {
            Abandon(id, "the receipt's batch position or inclusion proof is unknown");
            return;
        }

        DisputeReplay replay;
        try
        {
            replay = await Task.Run(() => _replayer.Replay(published.Prompt, published.OutputTokens, published.Params, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            Abandon(id, $"the model refuses the signed inputs: {e.Message}");
            return;
        }

        var freeRunning = verdict.Trace?.OurRoot
            ?? await Task.Run(() => _reexecutor.Run(published.Prompt, published.Params, cancellationToken).TraceRoot, cancellationToken).ConfigureAwait(false);
        var (root, why) = DisputePlan.ChallengerRoot(receipt, replay.Trace, freeRunning, replay.Witnesses.EosToken);
        if (root is not { } challengerRoot)
        {
            Abandon(id, why);
            return;
        }

        var opening = new DisputeOpenRequest(
            receipt, published.Signature, batch, checked((long)leaf), proof, published.Prompt, [.. published.OutputTokens.Select(t => (uint)t)], published.Params, challengerRoot);
        _replays[id] = replay;
        _journal.Save(new DisputeRecord { Digest = id, Status = DisputeRecordStatus.Pending, Opening = DisputeOpeningJson.From(opening), Detail = why, At = _time.GetUtcNow() });
        LogDecided(digest, receipt.Executor, batch, why);
        _wake.Release();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        LogStarted(Account, _player.Game.Address, _journal.Games.Count(g => g.Status is not (DisputeRecordStatus.Done or DisputeRecordStatus.Abandoned)));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var game in _journal.Games.Where(g => g.Status is DisputeRecordStatus.Pending or DisputeRecordStatus.Open or DisputeRecordStatus.Resolved))
            {
                try
                {
                    await ProcessAsync(game, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // L1 unreachable, a transaction that did not land: the journal is unchanged, the next round retries.
                    LogRetry(e, game.Digest!, game.Status!.Value);
                }
            }

            try
            {
                await _wake.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _journal.Dispose();
        _wake.Dispose();
    }

    private async Task ProcessAsync(DisputeRecord record, CancellationToken ct)
    {
        var digest = Bytes32.Parse(record.Digest!);
        switch (record.Status)
        {
            case DisputeRecordStatus.Pending:
                await OpenAsync(record, digest, ct).ConfigureAwait(false);
                break;
            case DisputeRecordStatus.Open:
                await PlayAsync(record, digest, ct).ConfigureAwait(false);
                break;
            case DisputeRecordStatus.Resolved:
                var withdrawn = await _player.WithdrawAsync(Account, ct).ConfigureAwait(false);
                _journal.Save(record with { Status = DisputeRecordStatus.Done, Detail = $"withdrew {withdrawn} wei", At = _time.GetUtcNow() });
                LogWithdrawn(digest, withdrawn);
                break;
        }
    }

    private async Task OpenAsync(DisputeRecord record, Bytes32 digest, CancellationToken ct)
    {
        // The opening may have landed before a crash: L1 says whether a game exists and whose it is.
        var existing = await _player.Game.GetGameAsync(digest).ConfigureAwait(false);
        if (existing is not null)
        {
            if (string.Equals(existing.Challenger, Account, StringComparison.OrdinalIgnoreCase))
            {
                _journal.Save(record with { Status = DisputeRecordStatus.Open, At = _time.GetUtcNow() });
            }
            else
            {
                Abandon(record.Digest!, $"another challenger ({existing.Challenger}) opened the game on this receipt");
            }

            return;
        }

        var opening = record.Opening!.ToRequest();
        var bond = await _player.Game.GetBondAsync().ConfigureAwait(false);
        try
        {
            var (_, tx) = await _player.Game.OpenAsync(opening, bond, ct).ConfigureAwait(false);
            var state = await _player.Game.GetGameAsync(digest).ConfigureAwait(false);
            _journal.Save(record with { Status = DisputeRecordStatus.Open, OpenTx = tx.TransactionHash, At = _time.GetUtcNow() });
            LogOpened(digest, opening.Receipt.Executor, bond, tx.TransactionHash);
            if (state is { Phase: DisputePhase.Resolved })
            {
                // Decided inside open (an output longer than its own maxTokens, or empty).
                Resolve(record, digest, state);
            }
        }
        catch (ContractRevertException e)
        {
            Abandon(record.Digest!, $"open reverted: {e.ErrorName ?? e.Message}");
        }
    }

    private async Task PlayAsync(DisputeRecord record, Bytes32 digest, CancellationToken ct)
    {
        if (!_replays.TryGetValue(record.Digest!, out var replay))
        {
            var opening = record.Opening!.ToRequest();
            replay = await Task.Run(() => _replayer.Replay(opening.PromptText, [.. opening.OutputTokens.Select(t => (int)t)], opening.Parameters, ct), ct)
                .ConfigureAwait(false);
            _replays[record.Digest!] = replay;
        }

        var state = await _player.PlayAsync(digest, DisputeRole.Challenger, replay.Trace, replay.Witnesses, ct).ConfigureAwait(false);
        if (state.Phase == DisputePhase.Resolved)
        {
            Resolve(record, digest, state);
        }
    }

    private void Resolve(DisputeRecord record, Bytes32 digest, DisputeGameState state)
    {
        _journal.Save(record with
        {
            Status = DisputeRecordStatus.Resolved,
            Outcome = state.Outcome.ToString(),
            Reason = state.Reason.ToString(),
            At = _time.GetUtcNow(),
        });
        _replays.TryRemove(record.Digest!, out _);
        LogResolved(digest, state.Outcome, state.Reason);
    }

    private void Abandon(string digest, string why)
    {
        _journal.Save(new DisputeRecord { Digest = digest, Status = DisputeRecordStatus.Abandoned, Detail = why, At = _time.GetUtcNow() });
        LogAbandoned(digest, why);
    }

    private static string ReadKey(ChallengerDisputeOptions o)
    {
        var key = !string.IsNullOrWhiteSpace(o.PrivateKey) ? o.PrivateKey
            : !string.IsNullOrWhiteSpace(o.PrivateKeyFile) ? File.ReadAllText(o.PrivateKeyFile).Trim()
            : throw new InvalidOperationException(
                $"disputes need an account: set {ChallengerOptions.SectionName}:Dispute:PrivateKey or PrivateKeyFile");
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "disputes on: account {Account} plays games at {Game}; {Active} game(s) to resume")]
    private partial void LogStarted(string account, string game, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dispute journal {Path}: cut a torn last line of {Bytes} bytes (a crash mid-append; it was never acted on)")]
    private partial void LogTorn(int bytes, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "disputing receipt {Digest} of executor {Executor} (batch {Batch}): {Why}")]
    private partial void LogDecided(Bytes32 digest, string executor, ulong batch, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "opened the game on receipt {Digest} against executor {Executor} with bond {Bond} wei (tx {Tx})")]
    private partial void LogOpened(Bytes32 digest, string executor, BigInteger bond, string tx);

    [LoggerMessage(Level = LogLevel.Warning, Message = "game {Digest} resolved: {Outcome} by {Reason}")]
    private partial void LogResolved(Bytes32 digest, DisputeOutcome outcome, DisputeReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "game {Digest}: withdrew {Wei} wei")]
    private partial void LogWithdrawn(Bytes32 digest, BigInteger wei);

    [LoggerMessage(Level = LogLevel.Information, Message = "not disputing receipt {Digest}: {Why}")]
    private partial void LogAbandoned(string digest, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "game {Digest} ({Status}): L1 step failed; retrying next round")]
    private partial void LogRetry(Exception exception, string digest, DisputeRecordStatus status);
}
