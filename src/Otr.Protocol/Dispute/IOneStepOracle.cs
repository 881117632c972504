namespace Otr.Protocol.Dispute;

/// <summary>
/// The answers of the on-chain one-step verifier (<c>IOneStepVerifier</c>) that decide the game, for the
/// rules to predict what the contract does with a witness. Implementations are pure functions of their
/// arguments and throw <see cref="ArgumentException"/> for a witness the verifier would reject (revert).
/// </summary>
public interface IOneStepOracle
{
    /// <summary>The coarse trace length an honest trace of the request has.</summary>
    ulong ExpectedTraceLength(Bytes32 weightsRoot, uint promptTokens, uint outputTokens, ReadOnlySpan<byte> witness);

    /// <summary>The number of fine leaves of coarse step <see cref="DisputeStepContext.CoarseIndex"/>.</summary>
    /// <summary>The model's EOS token id, from the config the witness opens against the weights root.</summary>
    uint EosToken(Bytes32 weightsRoot, ReadOnlySpan<byte> witness);

    /// <summary>fineLength (see the Solidity interface).</summary>
    ulong FineLength(DisputeStepContext context, ReadOnlySpan<byte> witness);

    /// <summary>The correct fine leaf <see cref="DisputeStepContext.FineIndex"/> of that step.</summary>
    Bytes32 FineLeaf(DisputeStepContext context, ReadOnlySpan<byte> witness);
}
