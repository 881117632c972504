using System.Buffers.Binary;
using Otr.Protocol;

namespace Otr.Challenger;

// TEMPORARY stand-in for Otr.Protocol.TraceAccumulator until it lands (docs/encodings.md, "Trace accumulator").
internal sealed class TraceAccumulator
{
    private readonly List<Bytes32> _peaks = [];
    private readonly List<int> _heights = [];

    public ulong Count { get; private set; }

    public void Append(Bytes32 leaf)
    {
        var node = leaf;
        var height = 0;
        while (_heights.Count > 0 && _heights[^1] == height)
        {
            node = TreeHash.Node(_peaks[^1], node);
            _peaks.RemoveAt(_peaks.Count - 1);
            _heights.RemoveAt(_heights.Count - 1);
            height++;
        }

        _peaks.Add(node);
        _heights.Add(height);
        Count++;
    }

    public Bytes32 Root
    {
        get
        {
            var bag = Bytes32.Zero;
            if (_peaks.Count > 0)
            {
                bag = _peaks[^1];
                for (var i = _peaks.Count - 2; i >= 0; i--)
                {
                    bag = TreeHash.Node(_peaks[i], bag);
                }
            }

            var buffer = new byte[41];
            buffer[0] = 0x02;
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(1, 8), Count);
            bag.Span.CopyTo(buffer.AsSpan(9));
            return Keccak.Hash(buffer);
        }
    }
}
