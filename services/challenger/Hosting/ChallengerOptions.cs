namespace Otr.Challenger;

/// <summary>Settings of the challenger (configuration section <c>Challenger</c>), validated at start by <see cref="ChallengerOptionsValidator"/>.</summary>
public sealed class ChallengerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Challenger";

    /// <summary>Consumer group on the receipts topic; challengers sharing a group split the receipts between them.</summary>
    public string GroupId { get; set; } = "challenger";

    /// <summary>Path of the <c>.q8</c> model file to re-execute with. Exactly one of this and <see cref="DemoSeed"/> (unless the host supplies an <see cref="IReexecutor"/>).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Seed of the bundled demo model (<c>DemoModelFactory.Create(seed)</c>). Exactly one of this and <see cref="ModelPath"/>.</summary>
    public int? DemoSeed { get; set; }

    /// <summary>Engine that re-executes receipts.</summary>
    public ChallengerEngine Engine { get; set; } = ChallengerEngine.Onnx;

    /// <summary>Path of the JSON-lines findings file (one verdict per judged receipt).</summary>
    public string FindingsPath { get; set; } = "data/challenger/findings.jsonl";

    /// <summary>L1 connection.</summary>
    public ChallengerL1Options L1 { get; set; } = new();

    /// <summary>Disputes on L1 (off unless a DisputeGame address is set).</summary>
    public ChallengerDisputeOptions Dispute { get; set; } = new();

    /// <summary>
    /// How long a receipt waits for its batch's digest list on <c>Topics.Batches</c> (needed to build its
    /// inclusion proof) before it is judged with inclusion unknown.
    /// </summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before retrying a receipt whose facts could not be gathered (L1 unreachable, …); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
