using System.Buffers.Binary;
using System.Numerics;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// Allocation-light Keccak-256 (Ethereum's padding) for trace leaves: <c>keccak(0x00 ‖ payload)</c>,
/// the same value as <see cref="TreeHash.Leaf"/> (held to it by tests), fast enough that capturing
/// the trace stays a small fraction of decoding.
/// </summary>
internal static class LeafHasher
{
    private const int Rate = 136;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private static readonly int[] Rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

    private static readonly int[] PiLanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    /// <summary><c>keccak256(0x00 ‖ payload)</c>.</summary>
    public static Bytes32 Leaf(ReadOnlySpan<byte> payload) => Hash(TreeHash.LeafTag, payload);

    /// <summary><c>keccak256(prefix ‖ data)</c>.</summary>
    public static Bytes32 Hash(byte prefix, ReadOnlySpan<byte> data)
    {
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        Span<byte> block = stackalloc byte[Rate];
        var total = data.Length + 1;
        var consumed = 0; // bytes of (prefix ‖ data) absorbed so far
        while (true)
        {
            var take = Math.Min(Rate, total - consumed);
            block.Clear();
            for (var i = 0; i < take; i++)
            {
                var index = consumed + i;
                block[i] = index == 0 ? prefix : data[index - 1];
            }

            consumed += take;
            var last = take < Rate;
            if (last)
            {
                block[take] ^= 0x01;
                block[Rate - 1] ^= 0x80;
            }

            for (var i = 0; i < Rate / 8; i++)
            {
                state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
            }

            Permute(state);
            if (last)
            {
                break;
            }
        }

        Span<byte> digest = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(digest[(8 * i)..], state[i]);
        }

        return new Bytes32(digest);
    }

    private static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        for (var round = 0; round < 24; round++)
        {
            // θ
            for (var x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }

            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5)
                {
                    a[y + x] ^= d;
                }
            }

            // ρ and π
            var current = a[1];
            for (var i = 0; i < 24; i++)
            {
                var lane = PiLanes[i];
                var next = a[lane];
                a[lane] = BitOperations.RotateLeft(current, Rotations[i]);
                current = next;
            }

            // χ
            for (var y = 0; y < 25; y += 5)
            {
                for (var x = 0; x < 5; x++)
                {
                    c[x] = a[y + x];
                }

                for (var x = 0; x < 5; x++)
                {
                    a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
                }
            }

            // ι
            a[0] ^= RoundConstants[round];
        }
    }
}
