using System.Buffers.Binary;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Tests;

/// <summary>Recomputes what a receipt commits to without the executor's code path.</summary>
internal static class Independent
{
    /// <summary>Runs the reference interpreter on the demo model and returns its tokens and trace root (MMR per docs/encodings.md).</summary>
    public static (IReadOnlyList<int> Tokens, Bytes32 TraceRoot, long TraceLength) Run(int seed, string prompt, DecodingParams parameters)
    {
        var sink = new CollectingTraceSink();
        var result = new ReferenceInterpreter(DemoModelFactory.Create(seed)).Generate(ByteTokenizer.EncodePrompt(prompt), parameters, sink);
        return (result.Tokens, MmrRoot(sink.Leaves), sink.Leaves.Count);
    }

    /// <summary>
    /// Prefix root: peaks are the perfect subtrees of the binary decomposition of n (largest first),
    /// bagged right to left with node hashes, then <c>keccak(0x02 ‖ uint64(n) ‖ bag)</c>.
    /// </summary>
    public static Bytes32 MmrRoot(IReadOnlyList<Bytes32> leaves)
    {
        var n = leaves.Count;
        var peaks = new List<Bytes32>();
        var start = 0;
        for (var h = 30; h >= 0; h--)
        {
            if (((n >> h) & 1) == 1)
            {
                peaks.Add(MerkleTree.Root(leaves.Skip(start).Take(1 << h).ToArray()));
                start += 1 << h;
            }
        }

        var bag = n == 0 ? Bytes32.Zero : peaks[^1];
        for (var i = peaks.Count - 2; i >= 0; i--)
        {
            bag = TreeHash.Node(peaks[i], bag);
        }

        var preimage = new byte[1 + 8 + 32];
        preimage[0] = 0x02;
        BinaryPrimitives.WriteUInt64BigEndian(preimage.AsSpan(1), (ulong)n);
        bag.Span.CopyTo(preimage.AsSpan(9));
        return Keccak.Hash(preimage);
    }
}
