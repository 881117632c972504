namespace Otr.Executor.Disputes;

/// <summary>
/// Defending the executor's receipts on L1 (section <c>Executor:Dispute</c>): with a <see cref="DisputeGame"/> address and
/// L1 configured (the operator key plays the executor's moves), the executor watches for games on its receipts,
/// answers every move from its own replay of the request, and withdraws bonds it wins.
/// </summary>
public sealed class ExecutorDisputeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Executor:Dispute";

    /// <summary>Address of the DisputeGame contract. Empty: the executor does not watch for games (and loses any by timeout).</summary>
    public string? DisputeGame { get; set; }

    /// <summary>The dispute journal (JSON lines): the scan cursor and the games on this executor's receipts.</summary>
    public string JournalPath { get; set; } = "data/executor/disputes.jsonl";

    /// <summary>How often L1 is looked at for new games and moves.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First block scanned for games when the journal has no cursor yet.</summary>
    public ulong FromBlock { get; set; }

    /// <summary>
    /// False: watch but never move (a cheat for tests and the devnet: an executor that refuses to answer loses every
    /// game by timeout). True in any real deployment.
    /// </summary>
    public bool Defend { get; set; } = true;

    /// <summary>True when a game contract is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(DisputeGame);
}
