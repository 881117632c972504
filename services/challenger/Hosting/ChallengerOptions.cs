using System.ComponentModel.DataAnnotations;

namespace Otr.Challenger;

/// <summary>Settings of the challenger (configuration section <c>Challenger</c>), validated at start.</summary>
public sealed class ChallengerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Challenger";

    /// <summary>Consumer group on the receipts topic; challengers sharing a group split the receipts between them.</summary>
    [Required]
    public string GroupId { get; set; } = "challenger";

    /// <summary>Path of the q8 model file to re-execute with; its weights root must match the L1 registration.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Path of the JSON-lines findings file (one verdict per judged receipt).</summary>
    [Required]
    public string FindingsPath { get; set; } = "data/challenger/findings.jsonl";

    /// <summary>EVM chain id of the EIP-712 domain receipts are signed under.</summary>
    [Range(1, ulong.MaxValue)]
    public ulong ChainId { get; set; }

    /// <summary>OtrRollup contract address (the EIP-712 verifying contract, and where batches are read).</summary>
    [Required]
    [RegularExpression("^0x[0-9a-fA-F]{40}$", ErrorMessage = "RollupAddress must be 0x followed by 40 hex digits")]
    public string RollupAddress { get; set; } = "";

    /// <summary>First wait before retrying a receipt whose facts could not be gathered (L1 unreachable, …); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
