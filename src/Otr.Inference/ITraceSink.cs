using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// Receives the coarse trace leaves in order while an engine runs (docs/encodings.md,
/// "Coarse trace leaves"): for each position t the embedding step 0, the layer steps 1..L and,
/// at emitting positions, the token step L+1. The engines hash leaves in batches that may span
/// several decode steps, so a leaf can arrive a few tokens after it was computed; every leaf has
/// arrived when <c>Generate</c> returns. <see cref="OnToken"/> reports each token as soon as it is chosen.
/// </summary>
public interface ITraceSink
{
    /// <summary>
    /// The token emitted at position <paramref name="position"/>, as soon as it is chosen (before the
    /// leaves of its step are hashed). Throwing stops the generation. The default does nothing.
    /// </summary>
    void OnToken(int position, int token)
    {
    }

    /// <summary>
    /// One leaf: <paramref name="payload"/> is the leaf payload (valid only during the call) and
    /// <paramref name="leafHash"/> = <c>keccak(0x00 ‖ payload)</c>.
    /// </summary>
    void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash);

    /// <summary>
    /// The same leaf with its hash as a span valid only during the call: the engines call this one. The default keeps a
    /// copy as a <see cref="Bytes32"/>; a sink that only folds hashes (the receipt path) overrides it to allocate nothing.
    /// </summary>
    void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> leafHash) =>
        OnLeaf(position, step, payload, new Bytes32(leafHash));
}
