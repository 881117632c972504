namespace Otr.Challenger;

/// <summary>
/// Disputes on L1 (section <c>Challenger:Dispute</c>): with a <see cref="DisputeGame"/> address and a funded key the
/// challenger opens a game on every disputable receipt inside its window, plays it to the end, and withdraws what
/// it wins. Without them it only records findings.
/// </summary>
public sealed class ChallengerDisputeOptions
{
    /// <summary>Address of the DisputeGame contract. Empty: disputes are off.</summary>
    public string? DisputeGame { get; set; }

    /// <summary>Private key (0x + 64 hex) of the account that posts bonds and plays. A secret: from the environment or a secret store.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>File holding the private key (alternative to <see cref="PrivateKey"/>).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The dispute journal (JSON lines): the games this challenger opened and where each stands.</summary>
    public string JournalPath { get; set; } = "data/challenger/disputes.jsonl";

    /// <summary>How often open games are looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when disputes are configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(DisputeGame);
}
