using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>What a challenger sends to open a dispute game on one receipt (the contract's <c>DisputeOpening</c>).</summary>
/// <param name="Receipt">The disputed receipt.</param>
/// <param name="Signature">Its 65-byte enclave signature.</param>
/// <param name="BatchIndex">The posted batch holding it.</param>
/// <param name="LeafIndex">Its position in the batch.</param>
/// <param name="InclusionProof">Sibling hashes from its batch leaf up.</param>
/// <param name="PromptText">The prompt text exactly as tokenized (keccak = promptHash).</param>
/// <param name="OutputTokens">The output tokens (packed keccak = outputHash).</param>
/// <param name="Parameters">The decoding parameters (paramsHash).</param>
/// <param name="ChallengerRoot">The challenger's own trace root; must differ from the receipt's.</param>
public sealed record DisputeOpenRequest(
    Receipt Receipt,
    byte[] Signature,
    ulong BatchIndex,
    long LeafIndex,
    IReadOnlyList<Bytes32> InclusionProof,
    string PromptText,
    IReadOnlyList<uint> OutputTokens,
    DecodingParams Parameters,
    Bytes32 ChallengerRoot);
