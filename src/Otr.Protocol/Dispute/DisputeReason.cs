namespace Otr.Protocol.Dispute;

/// <summary>Why a game resolved (Solidity <c>DisputeReason</c>, same values).</summary>
public enum DisputeReason : byte
{
    /// <summary>Not resolved.</summary>
    None = 0,

    /// <summary>The one-step verifier ruled on the disputed fine leaf (wrong step: challenger wins; right: executor wins).</summary>
    Step = 1,

    /// <summary>The party whose turn it was missed its deadline.</summary>
    Timeout = 2,

    /// <summary>The receipt's traceLength is not the length an honest trace of the request has.</summary>
    TraceLength = 3,

    /// <summary>The executor's own trace emits a token that is not the receipt's output token at that position.</summary>
    TokenMismatch = 4,

    /// <summary>The receipt's output is empty or longer than its own signed maxTokens: decided at open.</summary>
    OutputLength = 5,

    /// <summary>The receipt's output continues after the model's EOS token (padding no honest decode produces).</summary>
    OutputAfterEos = 6,
}
