namespace Otr.Challenger;

/// <summary>
/// Stable machine-readable codes of the problems the challenger can find in a published receipt.
/// The codes are part of the HTTP API, the metric tags and the findings file; never rename one.
/// </summary>
public static class FindingKind
{
    /// <summary>The signature does not recover to the receipt's <c>executor</c> (or does not recover at all).</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>The receipt's executor is not registered on L1 for the receipt's model.</summary>
    public const string UnregisteredExecutor = "unregistered_executor";

    /// <summary>The receipt is not in the batch it was published with (proof fails against the L1 batch root, or the batch is not on L1).</summary>
    public const string NotInBatch = "not_in_batch";

    /// <summary>The published prompt text does not hash to the signed <c>promptHash</c>.</summary>
    public const string PromptHashMismatch = "prompt_hash_mismatch";

    /// <summary>The published decoding parameters do not hash to the signed <c>paramsHash</c>.</summary>
    public const string ParamsHashMismatch = "params_hash_mismatch";

    /// <summary>The published output tokens do not hash to the signed <c>outputHash</c> (output altered after signing).</summary>
    public const string OutputHashMismatch = "output_hash_mismatch";

    /// <summary>The model cannot run the signed prompt and parameters at all (e.g. prompt longer than the context): no honest execution yields this receipt.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>Honest re-execution produces other tokens than the signed <c>outputHash</c> commits to.</summary>
    public const string OutputMismatch = "output_mismatch";

    /// <summary>Honest re-execution produces another coarse trace (root or length) than the receipt claims.</summary>
    public const string TraceMismatch = "trace_mismatch";

    /// <summary>The receipt's model id is not registered in the L1 model registry.</summary>
    public const string UnknownModel = "unknown_model";

    /// <summary>Every kind, in the order the policy reports them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        BadSignature,
        UnregisteredExecutor,
        NotInBatch,
        UnknownModel,
        PromptHashMismatch,
        ParamsHashMismatch,
        OutputHashMismatch,
        InvalidRequest,
        OutputMismatch,
        TraceMismatch,
    ];

    /// <summary>True when <paramref name="kind"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
