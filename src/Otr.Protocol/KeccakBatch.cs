using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otr.Protocol;

/// <summary>
/// Any number of Keccak-256 hashes of one-byte-prefixed messages, computed in passes of the widest
/// kernel of <see cref="KeccakLanes"/> this machine runs (8 messages per permutation with AVX-512,
/// 4 with AVX2, else one by one), messages with more blocks first so that each pass shares as many
/// permutations as possible, and within a block count the longer first, so that passes of one length
/// (which absorb a word of all eight messages as one vector) are as many as possible.
/// </summary>
internal static class KeccakBatch
{
    /// <summary>The widest kernel: 8 lanes where 512-bit vectors are hardware accelerated, else 4, else scalar.</summary>
    public static KeccakKernel Wide { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? KeccakKernel.Avx512x8
        : Avx512F.VL.IsSupported ? KeccakKernel.Avx512x4
        : Avx2.IsSupported ? KeccakKernel.Avx2x4
        : KeccakKernel.Scalar;

    /// <summary>
    /// <c>keccak256(prefix ‖ buffer[messages[i]])</c> into <c>digests[32i .. 32i+32)</c> for every i,
    /// in passes of <paramref name="wide"/> (a pass of at most 4 messages uses the 4-lane kernel of
    /// the same instruction set, a single message the scalar sponge). The digests may overlap the
    /// buffer only when every message has the same number of blocks and digest i never lies after
    /// message i (a tree level hashed in place).
    /// </summary>
    [SkipLocalsInit]
    public static void HashPrefixed(int prefix, ReadOnlySpan<byte> buffer, ReadOnlySpan<Range> messages, Span<byte> digests, KeccakKernel wide)
    {
        var n = messages.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(digests.Length, 32 * n, nameof(digests));
        // Constant-size stackallocs (sliced): a variable-size stackalloc costs more than a short pass.
        Span<int> orderBuffer = stackalloc int[64];
        Span<int> blocksBuffer = stackalloc int[64];
        var order = n <= 64 ? orderBuffer[..n] : new int[n];
        var blocks = n <= 64 ? blocksBuffer[..n] : new int[n];
        Span<int> lengthsBuffer = stackalloc int[64];
        var lengths = n <= 64 ? lengthsBuffer[..n] : new int[n];
        for (var i = 0; i < n; i++)
        {
            // Stable insertion by block count, most blocks first, then by length, longest first: a pass of eight
            // messages of one length takes the vector absorb.
            lengths[i] = messages[i].GetOffsetAndLength(buffer.Length).Length;
            blocks[i] = ((lengths[i] + (prefix >= 0 ? 1 : 0)) / KeccakSponge.Rate) + 1;
            var at = i;
            while (at > 0 && (blocks[order[at - 1]] < blocks[i] || (blocks[order[at - 1]] == blocks[i] && lengths[order[at - 1]] < lengths[i])))
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = i;
        }

        var width = KeccakLanes.Width(wide);
        var narrow = wide == KeccakKernel.Avx512x8 ? KeccakKernel.Avx512x4 : wide;
        Span<Range> pass = stackalloc Range[8];
        Span<byte> output = stackalloc byte[8 * 32];
        for (var start = 0; start < n;)
        {
            var size = Math.Min(width, n - start);
            for (var i = 0; i < size; i++)
            {
                pass[i] = messages[order[start + i]];
            }

            var kernel = size == 1 ? KeccakKernel.Scalar : size <= 4 ? narrow : wide;
            KeccakLanes.HashPrefixed(kernel, prefix, buffer, pass[..size], output);
            for (var i = 0; i < size; i++)
            {
                output.Slice(32 * i, 32).CopyTo(digests.Slice(32 * order[start + i], 32));
            }

            start += size;
        }
    }
}
