using System.Text.Json.Serialization;

namespace Otr.Chain.Disputes;

/// <summary>Where an agent stands with one game (stable wire names in the journal).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeRecordStatus>))]
public enum DisputeRecordStatus
{
    /// <summary>Challenger: decided to open; the opening is recorded, the transaction may or may not have landed.</summary>
    Pending,

    /// <summary>The game is open on L1 and being played.</summary>
    Open,

    /// <summary>The game ended on L1 (outcome and reason recorded).</summary>
    Resolved,

    /// <summary>Nothing more to do: resolved and any credit withdrawn.</summary>
    Done,

    /// <summary>Challenger: not opened after all (window closed, someone else's game, nothing to prove); the detail says why.</summary>
    Abandoned,
}

/// <summary>
/// One line of an agent's dispute journal: a game's new status (the last line per digest wins), or the L1 block up to
/// which the agent has scanned for games (executor).
/// </summary>
public sealed record DisputeRecord
{
    /// <summary>The game (receipt digest, 0x hex); null on a scan-cursor line.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    /// <summary>The game's status; null on a scan-cursor line.</summary>
    [JsonPropertyName("status")]
    public DisputeRecordStatus? Status { get; init; }

    /// <summary>Challenger: the opening it sends (kept until the game is open).</summary>
    [JsonPropertyName("opening")]
    public DisputeOpeningJson? Opening { get; init; }

    /// <summary>The transaction that opened the game, once known.</summary>
    [JsonPropertyName("openTx")]
    public string? OpenTx { get; init; }

    /// <summary>Outcome name, once resolved.</summary>
    [JsonPropertyName("outcome")]
    public string? Outcome { get; init; }

    /// <summary>Reason name, once resolved.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Free text: why abandoned, what was withdrawn.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>Scan cursor: every block up to and including this one has been scanned.</summary>
    [JsonPropertyName("scannedThrough")]
    public ulong? ScannedThrough { get; init; }

    /// <summary>When the line was written.</summary>
    [JsonPropertyName("at")]
    public DateTimeOffset At { get; init; }
}
