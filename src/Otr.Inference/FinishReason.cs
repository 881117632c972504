namespace Otr.Inference;

/// <summary>Why generation stopped.</summary>
public enum FinishReason
{
    /// <summary>The model emitted the EOS token (included as the last generated token).</summary>
    Eos,

    /// <summary><see cref="Otr.Protocol.DecodingParams.MaxTokens"/> tokens were generated.</summary>
    Length,

    /// <summary>The last generated token would sit at position C (the context is full).</summary>
    Context,
}
