using System.Numerics;
using System.Text;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Protocol;
using Otr.Protocol.Dispute;
using M = Otr.Chain.Contracts.DisputeGameMessages;

namespace Otr.Chain.Contracts;

/// <summary>
/// Calls a deployed <c>DisputeGame</c>: open, every move (as <see cref="DisputeMove"/> from
/// <c>Otr.Protocol.Dispute</c>), withdrawals, parameters, and the game's state as a
/// <see cref="DisputeGameState"/>. Transactions are sent from the account of the given <see cref="IWeb3"/>;
/// reverts surface as <see cref="ContractRevertException"/> naming the contract's custom error.
/// </summary>
public sealed class DisputeGameService
{
    private readonly ContractClient _client;

    /// <summary>Binds to the game at <paramref name="address"/>.</summary>
    public DisputeGameService(IWeb3 web3, string address) => _client = new ContractClient(web3, address, "DisputeGame");

    /// <summary>The game contract's address.</summary>
    public string Address => _client.Address;

    /// <summary>Opens a game with <paramref name="bondWei"/> (must equal <c>bond()</c>); returns the receipt digest (the game's id) and the transaction receipt.</summary>
    public async Task<(Bytes32 Digest, TransactionReceipt Receipt)> OpenAsync(DisputeOpenRequest request, BigInteger bondWei, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var receipt = await _client.SendAsync(new M.OpenFunction
        {
            Opening = new M.OpeningTuple
            {
                Receipt = ReceiptTuple.From(request.Receipt),
                Signature = request.Signature,
                BatchIndex = request.BatchIndex,
                LeafIndex = request.LeafIndex,
                InclusionProof = [.. request.InclusionProof.Select(p => p.ToArray())],
                PromptText = Encoding.UTF8.GetBytes(request.PromptText),
                OutputTokens = [.. request.OutputTokens],
                MaxTokens = request.Parameters.MaxTokens,
                TemperatureMilli = request.Parameters.TemperatureMilli,
                Seed = request.Parameters.Seed,
                ChallengerRoot = request.ChallengerRoot.ToArray(),
            },
            AmountToSend = bondWei,
        }, ct).ConfigureAwait(false);
        var opened = receipt.DecodeAllEvents<M.DisputeOpenedEvent>().Single(e => e.Log.Address.Equals(Address, StringComparison.OrdinalIgnoreCase)).Event;
        return (new Bytes32(opened.Digest), receipt);
    }

    /// <summary>Sends one move of the game on <paramref name="digest"/>.</summary>
    public Task<TransactionReceipt> SendAsync(Bytes32 digest, DisputeMove move, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        var d = digest.ToArray();
        return move switch
        {
            DisputeMove.Bisect m => _client.SendAsync(new M.BisectFunction { Digest = d, Root = m.Root.ToArray() }, ct),
            DisputeMove.Respond m => _client.SendAsync(new M.RespondFunction { Digest = d, Agree = m.Agree }, ct),
            DisputeMove.RevealLeaf m => _client.SendAsync(new M.RevealLeafFunction { Digest = d, Leaf = m.Leaf.ToArray(), Peaks = Words(m.Peaks) }, ct),
            DisputeMove.CommitFine m => _client.SendAsync(new M.CommitFineFunction
            {
                Digest = d,
                FineRoot = m.FineRoot.ToArray(),
                LastRoot = m.LastRoot.ToArray(),
                LastPeaks = Words(m.LastPeaks),
                Witness = m.Witness,
            }, ct),
            DisputeMove.Step m => _client.SendAsync(new M.StepFunction { Digest = d, Witness = m.Witness }, ct),
            DisputeMove.ProveTraceLength m => _client.SendAsync(new M.ProveTraceLengthFunction { Digest = d, Witness = m.Witness }, ct),
            DisputeMove.ProveTokenMismatch m => _client.SendAsync(new M.ProveTokenMismatchFunction
            {
                Digest = d,
                Proof = new M.TokenMismatchTuple
                {
                    LeafIndex = m.LeafIndex,
                    Position = m.Position,
                    Step = m.TraceStep,
                    Token = m.Token,
                    Siblings = Words(m.Opening.Siblings),
                    Peaks = Words(m.Opening.Peaks),
                    OutputTokens = [.. m.OutputTokens],
                },
            }, ct),
            DisputeMove.ProveOutputAfterEos m => _client.SendAsync(new M.ProveOutputAfterEosFunction { Digest = d, Witness = m.Witness, OutputTokens = [.. m.OutputTokens] }, ct),
            DisputeMove.Timeout => _client.SendAsync(new M.TimeoutFunction { Digest = d }, ct),
            _ => throw new ArgumentException($"unknown move {move.GetType().Name}", nameof(move)),
        };
    }

    /// <summary>
    /// The games opened in blocks <paramref name="fromBlock"/>..<paramref name="toBlock"/> (inclusive), optionally only
    /// those on receipts of enclave key <paramref name="executor"/> (an indexed topic), in log order.
    /// </summary>
    public async Task<IReadOnlyList<OpenedDispute>> GetOpenedAsync(string? executor, ulong fromBlock, ulong toBlock)
    {
        var handler = _client.Web3.Eth.GetEvent<M.DisputeOpenedEvent>(Address);
        var from = new BlockParameter(fromBlock);
        var to = new BlockParameter(toBlock);
        var filter = executor is null
            ? handler.CreateFilterInput(from, to)
            : handler.CreateFilterInput(null, null, new object[] { executor }, from, to);
        var logs = await handler.GetAllChangesAsync(filter).ConfigureAwait(false);
        return [.. logs
            .OrderBy(l => l.Log.BlockNumber.Value)
            .ThenBy(l => l.Log.LogIndex.Value)
            .Select(l => new OpenedDispute(new Bytes32(l.Event.Digest), l.Event.Challenger, l.Event.Executor, l.Event.Operator, l.Log.TransactionHash, (ulong)l.Log.BlockNumber.Value))];
    }

    /// <summary>
    /// What the opening transaction <paramref name="transactionHash"/> sent to <c>open</c> (prompt text, output tokens,
    /// parameters, receipt): the inputs both parties replay. Throws when that transaction is not a direct call of this
    /// game's <c>open</c> (e.g. a game opened through another contract: then the opener's own records must supply them).
    /// </summary>
    public async Task<DisputeOpenRequest> GetOpeningAsync(string transactionHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionHash);
        var tx = await _client.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"transaction {transactionHash} is unknown to the L1 node");
        if (!string.Equals(tx.To, Address, StringComparison.OrdinalIgnoreCase) || !tx.IsTransactionForFunctionMessage<M.OpenFunction>())
        {
            throw new InvalidOperationException($"transaction {transactionHash} is not a direct call of DisputeGame.open at {Address}");
        }

        var o = new M.OpenFunction().DecodeTransaction(tx).Opening;
        return new DisputeOpenRequest(
            o.Receipt.ToReceipt(),
            o.Signature,
            o.BatchIndex,
            (long)o.LeafIndex,
            [.. o.InclusionProof.Select(p => new Bytes32(p))],
            Encoding.UTF8.GetString(o.PromptText),
            [.. o.OutputTokens],
            new DecodingParams(o.MaxTokens, o.TemperatureMilli, o.Seed),
            new Bytes32(o.ChallengerRoot));
    }

    /// <summary>The number and timestamp of the latest block (the game's clock).</summary>
    public async Task<(ulong Number, ulong Timestamp)> GetLatestBlockAsync()
    {
        var block = await _client.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()).ConfigureAwait(false);
        return ((ulong)block.Number.Value, (ulong)block.Timestamp.Value);
    }

    /// <summary>Withdraws the sender's whole credit (reverts <c>NothingToWithdraw</c> when it has none).</summary>
    public Task<TransactionReceipt> WithdrawAsync(CancellationToken ct = default) => _client.SendAsync(new M.WithdrawFunction(), ct);

    /// <summary>Sets the parameters of games opened from now on (owner only; bounds checked by the contract).</summary>
    public Task<TransactionReceipt> SetParametersAsync(BigInteger bondWei, TimeSpan moveTimeout, ushort challengerRewardBps, CancellationToken ct = default) =>
        _client.SendAsync(new M.SetParametersFunction { Bond = bondWei, MoveTimeout = (ulong)moveTimeout.TotalSeconds, ChallengerRewardBps = challengerRewardBps }, ct);

    /// <summary>Transfers ownership (owner only).</summary>
    public Task<TransactionReceipt> TransferOwnershipAsync(string newOwner, CancellationToken ct = default) =>
        _client.SendAsync(new OwnableMessages.TransferOwnershipFunction { NewOwner = newOwner }, ct);

    /// <summary>The game on <paramref name="digest"/>, or null when none was opened.</summary>
    public async Task<DisputeGameState?> GetGameAsync(Bytes32 digest)
    {
        var g = (await _client.QueryDtoAsync<M.GameOfFunction, M.GameOfOutput>(new() { Digest = digest.ToArray() }).ConfigureAwait(false)).Game;
        return g.Phase == 0 ? null : ToState(g);
    }

    /// <summary>The challenger bond in wei.</summary>
    public Task<BigInteger> GetBondAsync() => _client.QueryAsync<M.BondFunction, BigInteger>(new());

    /// <summary>Time per move.</summary>
    public async Task<TimeSpan> GetMoveTimeoutAsync() =>
        TimeSpan.FromSeconds(await _client.QueryAsync<M.MoveTimeoutFunction, ulong>(new()).ConfigureAwait(false));

    /// <summary>Challenger's share of a slash in basis points.</summary>
    public Task<ushort> GetChallengerRewardBpsAsync() => _client.QueryAsync<M.ChallengerRewardBpsFunction, ushort>(new());

    /// <summary>Wei <paramref name="account"/> may withdraw.</summary>
    public Task<BigInteger> GetCreditAsync(string account) => _client.QueryAsync<M.CreditsFunction, BigInteger>(new() { Account = account });

    /// <summary>Bonds of unresolved games, credits owed and burned wei (together: the contract's balance).</summary>
    public async Task<(BigInteger Bonded, BigInteger Credited, BigInteger Burned)> GetTotalsAsync() =>
        (await _client.QueryAsync<M.TotalBondedFunction, BigInteger>(new()).ConfigureAwait(false),
         await _client.QueryAsync<M.TotalCreditedFunction, BigInteger>(new()).ConfigureAwait(false),
         await _client.QueryAsync<M.TotalBurnedFunction, BigInteger>(new()).ConfigureAwait(false));

    /// <summary>The one-step verifier the game uses.</summary>
    public Task<string> GetVerifierAsync() => _client.QueryAsync<M.VerifierFunction, string>(new());

    /// <summary>The owner's address.</summary>
    public Task<string> GetOwnerAsync() => _client.QueryAsync<OwnableMessages.OwnerFunction, string>(new());

    /// <summary>The contract's <c>Game</c> struct as the protocol's state record.</summary>
    public static DisputeGameState ToState(M.GameTuple g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new DisputeGameState
        {
            Challenger = g.Challenger,
            Operator = g.Operator,
            Executor = g.Executor,
            TraceLength = g.TraceLength,
            MoveTimeout = g.MoveTimeout,
            ChallengerRewardBps = g.ChallengerRewardBps,
            PromptTokens = g.PromptTokens,
            OutputTokens = g.OutputTokens,
            TraceRoot = new Bytes32(g.TraceRoot),
            ChallengerRoot = new Bytes32(g.ChallengerRoot),
            WeightsRoot = new Bytes32(g.WeightsRoot),
            ParamsHash = new Bytes32(g.ParamsHash),
            OutputHash = new Bytes32(g.OutputHash),
            TokensHash = new Bytes32(g.TokensHash),
            Bond = g.Bond,
            Phase = (DisputePhase)g.Phase,
            Outcome = (DisputeOutcome)g.Outcome,
            Reason = (DisputeReason)g.Reason,
            Deadline = g.Deadline,
            Lo = g.Lo,
            Hi = g.Hi,
            LoRoot = new Bytes32(g.LoRoot),
            HiRoot = new Bytes32(g.HiRoot),
            MidRoot = new Bytes32(g.MidRoot),
            CoarseIndex = g.CoarseIndex,
            CoarsePrefixRoot = new Bytes32(g.CoarsePrefixRoot),
            CoarseLeaf = new Bytes32(g.CoarseLeaf),
            FineLength = g.FineLength,
            FineRoot = new Bytes32(g.FineRoot),
            FineIndex = g.FineIndex,
            FinePrefixRoot = new Bytes32(g.FinePrefixRoot),
            FineLeaf = new Bytes32(g.FineLeaf),
        };
    }

    private static List<byte[]> Words(IReadOnlyList<Bytes32> words) => [.. words.Select(w => w.ToArray())];
}
