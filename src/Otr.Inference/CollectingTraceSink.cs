using Otr.Protocol;

namespace Otr.Inference;

/// <summary>A trace sink that keeps every leaf hash (and optionally every payload) in order.</summary>
/// <param name="keepPayloads">Also keep copies of the payloads (h/k/v bytes) for later openings.</param>
public sealed class CollectingTraceSink(bool keepPayloads = false) : ITraceSink
{
    private readonly List<Bytes32> _leaves = [];
    private readonly List<byte[]> _payloads = [];

    /// <summary>Leaf hashes in trace order.</summary>
    public IReadOnlyList<Bytes32> Leaves => _leaves;

    /// <summary>Leaf payloads in trace order (empty unless constructed with keepPayloads).</summary>
    public IReadOnlyList<byte[]> Payloads => _payloads;

    /// <inheritdoc />
    public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash)
    {
        _leaves.Add(leafHash);
        if (keepPayloads)
        {
            _payloads.Add(payload.ToArray());
        }
    }
}
