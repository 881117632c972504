using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Otr.Chain.Transactions;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Batching;

/// <summary>
/// The L1 client, transaction manager and its journal (<c>{DataDirectory}/l1</c>) built from
/// <c>Sequencer:L1</c>, owned here so the host disposes them; empty when no RPC URL is configured.
/// </summary>
internal sealed class L1Connection : IAsyncDisposable
{
    private readonly FileTxJournal? _journal;

    public L1Connection(IOptions<L1Options> l1Options, IOptions<SequencerOptions> sequencerOptions, ILoggerFactory loggers)
    {
        var l1 = l1Options.Value;
        var sequencer = sequencerOptions.Value;
        if (string.IsNullOrWhiteSpace(l1.RpcUrl))
        {
            return;
        }

        Web3 = new Web3(l1.RpcUrl);
        _journal = new FileTxJournal(Path.Combine(sequencer.DataDirectory, "l1"));
        Transactions = new TransactionManager(
            Web3,
            File.ReadAllText(l1.PrivateKeyFile).Trim(),
            sequencer.ChainId,
            new TransactionManagerOptions
            {
                Confirmations = l1.Confirmations,
                PollInterval = l1.PollInterval,
                ErrorSignatures = ["BatchIndexMismatch(uint64,uint64)"],
            },
            _journal,
            loggers.CreateLogger<TransactionManager>());
        Poster = new L1BatchPoster(Transactions, Web3, sequencer.RollupAddress, loggers.CreateLogger<L1BatchPoster>());
    }

    public IWeb3? Web3 { get; }

    public TransactionManager? Transactions { get; }

    /// <summary>The poster over this connection, or null when L1 is not configured.</summary>
    public L1BatchPoster? Poster { get; }

    public async ValueTask DisposeAsync()
    {
        if (Transactions is not null)
        {
            await Transactions.DisposeAsync();
        }

        _journal?.Dispose();
    }
}
