using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otr.Protocol;

/// <summary>
/// Several Keccak-256 hashes computed together: the sponge states are interleaved lane by lane
/// (<c>state[W·k + i]</c> is lane k of message i), so that one pass of Keccak-f[1600] on
/// <see cref="Vector256{T}"/> (4 messages; AVX2, or AVX-512VL with one-instruction rotations and
/// three-input logic) or <see cref="Vector512{T}"/> (8 messages; AVX-512) permutes all of them.
/// Messages of different lengths may share a pass (a shorter one stops absorbing and its digest is
/// taken after its last block), but permutations are shared only while every message still has
/// blocks, so <see cref="KeccakBatch"/> groups messages by block count. Digests are byte-identical
/// to <see cref="Keccak.Hash(ReadOnlySpan{byte})"/>.
/// </summary>
internal static class KeccakLanes
{
    private const int Rate = KeccakSponge.Rate;
    private const int RateLanes = KeccakSponge.RateLanes;

    /// <summary>Messages one pass of <paramref name="kernel"/> hashes.</summary>
    public static int Width(KeccakKernel kernel) => kernel switch
    {
        KeccakKernel.Avx512x8 => 8,
        KeccakKernel.Avx2x4 or KeccakKernel.Avx512x4 => 4,
        _ => 1,
    };

    /// <summary>True when this machine can run <paramref name="kernel"/>.</summary>
    public static bool IsSupported(KeccakKernel kernel) => kernel switch
    {
        KeccakKernel.Avx512x8 => Avx512F.IsSupported,
        KeccakKernel.Avx512x4 => Avx512F.VL.IsSupported,
        KeccakKernel.Avx2x4 => Avx2.IsSupported,
        _ => true,
    };

    /// <summary>
    /// <c>keccak256(prefix ‖ buffer[messages[i]])</c> for every i into <c>digests[32i .. 32i+32)</c>,
    /// in one pass of <paramref name="kernel"/> (at most <see cref="Width"/> messages); the prefix is
    /// the byte <paramref name="prefix"/>, or nothing when it is −1. All input is read before any
    /// digest is written, so the digests may overlap the buffer.
    /// </summary>
    [SkipLocalsInit]
    public static void HashPrefixed(KeccakKernel kernel, int prefix, ReadOnlySpan<byte> buffer, ReadOnlySpan<Range> messages, Span<byte> digests)
    {
        var width = Width(kernel);
        var count = messages.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(messages));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, width, nameof(messages));
        ArgumentOutOfRangeException.ThrowIfLessThan(prefix, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefix, 255);
        ArgumentOutOfRangeException.ThrowIfLessThan(digests.Length, 32 * count, nameof(digests));
        Span<byte> output = stackalloc byte[8 * 32];
        if (kernel == KeccakKernel.Scalar)
        {
            var sponge = default(KeccakSponge);
            if (prefix >= 0)
            {
                sponge.Absorb((byte)prefix);
            }

            sponge.Absorb(buffer[messages[0]]);
            sponge.FinishInto(digests[..32]);
            return;
        }

        var prefixLength = prefix >= 0 ? 1 : 0;
        Span<int> blocks = stackalloc int[8];
        var maxBlocks = 0;
        for (var i = 0; i < count; i++)
        {
            // The last block always holds the padding, so a message of L bytes takes L / 136 + 1 blocks.
            blocks[i] = ((prefixLength + messages[i].GetOffsetAndLength(buffer.Length).Length) / Rate) + 1;
            maxBlocks = Math.Max(maxBlocks, blocks[i]);
        }

        // A constant-size stackalloc: a variable size (25 · width) made every call markedly slower.
        Span<ulong> state = stackalloc ulong[25 * 8];
        state[..(25 * width)].Clear();

        // Eight messages of one length (≥ 8 bytes) in the 8-lane kernel: each absorbed word is built as one vector.
        Span<int> starts = stackalloc int[8];
        var equal = kernel == KeccakKernel.Avx512x8 && count == 8;
        var length0 = messages[0].GetOffsetAndLength(buffer.Length).Length;
        for (var i = 0; equal && i < count; i++)
        {
            var (start, length) = messages[i].GetOffsetAndLength(buffer.Length);
            starts[i] = start;
            equal = length == length0 && length >= 8;
        }

        for (var j = 0; j < maxBlocks; j++)
        {
            if (equal)
            {
                AbsorbEqual8(state, buffer, starts, prefix, length0, j, maxBlocks);
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    if (j < blocks[i])
                    {
                        AbsorbBlock(state, width, i, prefix, buffer[messages[i]], j, blocks[i]);
                    }
                }
            }

            Permute(kernel, state);
            for (var i = 0; i < count; i++)
            {
                if (blocks[i] == j + 1)
                {
                    var digest = output.Slice(32 * i, 32);
                    for (var k = 0; k < 4; k++)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(digest[(8 * k)..], state[(width * k) + i]);
                    }
                }
            }
        }

        output[..(32 * count)].CopyTo(digests);
    }

    /// <summary>One permutation of the <see cref="Width"/> interleaved states in <paramref name="state"/> (25·W lanes).</summary>
    /// <exception cref="PlatformNotSupportedException">This machine lacks the kernel's instructions.</exception>
    public static void Permute(KeccakKernel kernel, Span<ulong> state)
    {
        switch (kernel)
        {
            case KeccakKernel.Avx512x8 when Avx512F.IsSupported:
                Permute8<Avx512Lanes8>(state);
                break;
            case KeccakKernel.Avx512x4 when Avx512F.VL.IsSupported:
                Permute4<Avx512Lanes4>(state);
                break;
            case KeccakKernel.Avx2x4 when Avx2.IsSupported:
                Permute4<Avx2Lanes4>(state);
                break;
            case KeccakKernel.Scalar:
                KeccakSponge.Permute(state[..25]);
                break;
            default:
                throw new PlatformNotSupportedException($"the {kernel} Keccak kernel needs instructions this CPU lacks");
        }
    }

    /// <summary>
    /// XORs block <paramref name="j"/> of <c>prefix ‖ m</c>, padded (<c>0x01 … 0x80</c>) to
    /// <paramref name="blocks"/> blocks, into lane <paramref name="i"/> of the interleaved state. Whole
    /// words are read straight from <paramref name="m"/> (bounds checked once per block); of the last
    /// block only the word where the message ends is assembled (from the 8 bytes that end where m ends),
    /// and the padding bits are XORed in place (no copy of the block).
    /// </summary>
    private static void AbsorbBlock(Span<ulong> state, int width, int i, int prefix, ReadOnlySpan<byte> m, int j, int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, 25 * width, nameof(state));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, width);
        ref var lane = ref Unsafe.Add(ref MemoryMarshal.GetReference(state), i);
        ref var start = ref MemoryMarshal.GetReference(m);
        var prefixLength = prefix >= 0 ? 1 : 0;
        var offset = (Rate * j) - prefixLength; // where the block starts in m (−1 for the prefix byte)
        var last = j == blocks - 1;

        // Message bytes in this block: all 136 of a full block; 0..135 of the last one, which the padding follows.
        var length = last ? prefixLength + m.Length - (Rate * j) : Rate;
        if (length < 0 || length > (last ? Rate - 1 : Rate) || offset + length > m.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"block {j} of {blocks} does not fit a message of {m.Length} bytes");
        }

        var whole = length >> 3;
        var k = 0;
        if (offset < 0 && whole > 0)
        {
            // Word 0 holds the prefix byte and m[0..7).
            lane ^= (uint)prefix | ((m.Length >= 8 ? Word(ref start, 0) : Bytes(m, 0, 7)) << 8);
            k = 1;
        }

        for (; k < whole; k++)
        {
            Unsafe.Add(ref lane, width * k) ^= Word(ref start, offset + (8 * k));
        }

        if (!last)
        {
            return;
        }

        // The word where the message ends (its last rem bytes, 0..7), then the padding.
        var rem = length - (8 * whole);
        var at = offset + (8 * whole);
        var end = rem == 0 ? 0
            : at < 0 ? (uint)prefix | (Bytes(m, 0, rem - 1) << 8)
            : m.Length >= 8 ? Word(ref start, m.Length - 8) >> (8 * (8 - rem))
            : Bytes(m, at, rem);
        Unsafe.Add(ref lane, width * whole) ^= end ^ (1UL << (8 * rem));
        Unsafe.Add(ref lane, width * (RateLanes - 1)) ^= 0x80UL << 56;
    }

    /// <summary>
    /// <see cref="AbsorbBlock"/> for eight messages of the same length (at least 8 bytes) starting at
    /// <paramref name="starts"/> in <paramref name="buffer"/>: each of the block's words is built for all eight
    /// as one vector and XORed into the interleaved state in one store.
    /// </summary>
    private static void AbsorbEqual8(Span<ulong> state, ReadOnlySpan<byte> buffer, ReadOnlySpan<int> starts, int prefix, int length, int j, int blocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, 25 * 8, nameof(state));
        ArgumentOutOfRangeException.ThrowIfLessThan(starts.Length, 8, nameof(starts));
        var prefixLength = prefix >= 0 ? 1 : 0;
        var offset = (Rate * j) - prefixLength;
        var last = j == blocks - 1;
        var inBlock = last ? prefixLength + length - (Rate * j) : Rate;
        for (var i = 0; i < 8; i++)
        {
            if (starts[i] < 0 || starts[i] + length > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(starts), $"message {i} does not lie in the buffer");
            }
        }

        if (inBlock < 0 || inBlock > (last ? Rate - 1 : Rate) || offset + inBlock > length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"block {j} of {blocks} does not fit a message of {length} bytes");
        }

        ref var b = ref MemoryMarshal.GetReference(buffer);
        ref var s = ref MemoryMarshal.GetReference(state);
        int s0 = starts[0], s1 = starts[1], s2 = starts[2], s3 = starts[3], s4 = starts[4], s5 = starts[5], s6 = starts[6], s7 = starts[7];
        var whole = inBlock >> 3;
        var k = 0;
        if (offset < 0 && whole > 0)
        {
            var w = Vector512.Create(Word(ref b, s0), Word(ref b, s1), Word(ref b, s2), Word(ref b, s3), Word(ref b, s4), Word(ref b, s5), Word(ref b, s6), Word(ref b, s7));
            var v = (w << 8) | Vector512.Create((ulong)(uint)prefix);
            (Vector512.LoadUnsafe(ref s) ^ v).StoreUnsafe(ref s);
            k = 1;
        }

        for (; k < whole; k++)
        {
            var at = offset + (8 * k);
            var w = Vector512.Create(Word(ref b, s0 + at), Word(ref b, s1 + at), Word(ref b, s2 + at), Word(ref b, s3 + at), Word(ref b, s4 + at), Word(ref b, s5 + at), Word(ref b, s6 + at), Word(ref b, s7 + at));
            var index = (nuint)(8 * k);
            (Vector512.LoadUnsafe(ref s, index) ^ w).StoreUnsafe(ref s, index);
        }

        if (!last)
        {
            return;
        }

        // The word where the messages end (their last rem bytes: the top of the word ending at the end), then the padding.
        var rem = inBlock - (8 * whole);
        var end = Vector512.Create(1UL << (8 * rem));
        if (rem > 0)
        {
            var at = length - 8;
            var w = Vector512.Create(Word(ref b, s0 + at), Word(ref b, s1 + at), Word(ref b, s2 + at), Word(ref b, s3 + at), Word(ref b, s4 + at), Word(ref b, s5 + at), Word(ref b, s6 + at), Word(ref b, s7 + at));
            end ^= w >> (8 * (8 - rem));
        }

        var wholeIndex = (nuint)(8 * whole);
        (Vector512.LoadUnsafe(ref s, wholeIndex) ^ end).StoreUnsafe(ref s, wholeIndex);
        var padIndex = (nuint)(8 * (RateLanes - 1));
        (Vector512.LoadUnsafe(ref s, padIndex) ^ Vector512.Create(0x80UL << 56)).StoreUnsafe(ref s, padIndex);
    }

    /// <summary>The little-endian value of <paramref name="count"/> (0..7) bytes of <paramref name="m"/> from <paramref name="from"/>.</summary>
    private static ulong Bytes(ReadOnlySpan<byte> m, int from, int count)
    {
        ulong word = 0;
        for (var b = count - 1; b >= 0; b--)
        {
            word = (word << 8) | m[from + b];
        }

        return word;
    }

    /// <summary>The little-endian 64-bit word at <paramref name="offset"/> (unchecked: callers check the block's bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ref byte start, int offset)
    {
        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    /// <summary>Keccak-f[1600] on 4 interleaved states (<c>state[4k + i]</c> is lane k of state i): the scalar round with each lane a 4 × 64-bit vector.</summary>
    private static void Permute4<TLanes>(Span<ulong> state)
        where TLanes : struct, ILanes4
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, 25 * 4, nameof(state));
        ref var s = ref MemoryMarshal.GetReference(state);
        var a0 = Vector256.LoadUnsafe(ref s, 0);
        var a1 = Vector256.LoadUnsafe(ref s, 4);
        var a2 = Vector256.LoadUnsafe(ref s, 8);
        var a3 = Vector256.LoadUnsafe(ref s, 12);
        var a4 = Vector256.LoadUnsafe(ref s, 16);
        var a5 = Vector256.LoadUnsafe(ref s, 20);
        var a6 = Vector256.LoadUnsafe(ref s, 24);
        var a7 = Vector256.LoadUnsafe(ref s, 28);
        var a8 = Vector256.LoadUnsafe(ref s, 32);
        var a9 = Vector256.LoadUnsafe(ref s, 36);
        var a10 = Vector256.LoadUnsafe(ref s, 40);
        var a11 = Vector256.LoadUnsafe(ref s, 44);
        var a12 = Vector256.LoadUnsafe(ref s, 48);
        var a13 = Vector256.LoadUnsafe(ref s, 52);
        var a14 = Vector256.LoadUnsafe(ref s, 56);
        var a15 = Vector256.LoadUnsafe(ref s, 60);
        var a16 = Vector256.LoadUnsafe(ref s, 64);
        var a17 = Vector256.LoadUnsafe(ref s, 68);
        var a18 = Vector256.LoadUnsafe(ref s, 72);
        var a19 = Vector256.LoadUnsafe(ref s, 76);
        var a20 = Vector256.LoadUnsafe(ref s, 80);
        var a21 = Vector256.LoadUnsafe(ref s, 84);
        var a22 = Vector256.LoadUnsafe(ref s, 88);
        var a23 = Vector256.LoadUnsafe(ref s, 92);
        var a24 = Vector256.LoadUnsafe(ref s, 96);
        foreach (var rc in KeccakSponge.RoundConstants)
        {
            var c0 = TLanes.Xor3(TLanes.Xor3(a0, a5, a10), a15, a20);
            var c1 = TLanes.Xor3(TLanes.Xor3(a1, a6, a11), a16, a21);
            var c2 = TLanes.Xor3(TLanes.Xor3(a2, a7, a12), a17, a22);
            var c3 = TLanes.Xor3(TLanes.Xor3(a3, a8, a13), a18, a23);
            var c4 = TLanes.Xor3(TLanes.Xor3(a4, a9, a14), a19, a24);
            var d0 = c4 ^ TLanes.Rol(c1, 1);
            var d1 = c0 ^ TLanes.Rol(c2, 1);
            var d2 = c1 ^ TLanes.Rol(c3, 1);
            var d3 = c2 ^ TLanes.Rol(c4, 1);
            var d4 = c3 ^ TLanes.Rol(c0, 1);
            var b0 = a0 ^ d0;
            var b1 = TLanes.Rol(a6 ^ d1, 44);
            var b2 = TLanes.Rol(a12 ^ d2, 43);
            var b3 = TLanes.Rol(a18 ^ d3, 21);
            var b4 = TLanes.Rol(a24 ^ d4, 14);
            var b5 = TLanes.Rol(a3 ^ d3, 28);
            var b6 = TLanes.Rol(a9 ^ d4, 20);
            var b7 = TLanes.Rol(a10 ^ d0, 3);
            var b8 = TLanes.Rol(a16 ^ d1, 45);
            var b9 = TLanes.Rol(a22 ^ d2, 61);
            var b10 = TLanes.Rol(a1 ^ d1, 1);
            var b11 = TLanes.Rol(a7 ^ d2, 6);
            var b12 = TLanes.Rol(a13 ^ d3, 25);
            var b13 = TLanes.Rol(a19 ^ d4, 8);
            var b14 = TLanes.Rol(a20 ^ d0, 18);
            var b15 = TLanes.Rol(a4 ^ d4, 27);
            var b16 = TLanes.Rol(a5 ^ d0, 36);
            var b17 = TLanes.Rol(a11 ^ d1, 10);
            var b18 = TLanes.Rol(a17 ^ d2, 15);
            var b19 = TLanes.Rol(a23 ^ d3, 56);
            var b20 = TLanes.Rol(a2 ^ d2, 62);
            var b21 = TLanes.Rol(a8 ^ d3, 55);
            var b22 = TLanes.Rol(a14 ^ d4, 39);
            var b23 = TLanes.Rol(a15 ^ d0, 41);
            var b24 = TLanes.Rol(a21 ^ d1, 2);
            a0 = TLanes.Chi(b0, b1, b2);
            a0 ^= Vector256.Create(rc);
            a1 = TLanes.Chi(b1, b2, b3);
            a2 = TLanes.Chi(b2, b3, b4);
            a3 = TLanes.Chi(b3, b4, b0);
            a4 = TLanes.Chi(b4, b0, b1);
            a5 = TLanes.Chi(b5, b6, b7);
            a6 = TLanes.Chi(b6, b7, b8);
            a7 = TLanes.Chi(b7, b8, b9);
            a8 = TLanes.Chi(b8, b9, b5);
            a9 = TLanes.Chi(b9, b5, b6);
            a10 = TLanes.Chi(b10, b11, b12);
            a11 = TLanes.Chi(b11, b12, b13);
            a12 = TLanes.Chi(b12, b13, b14);
            a13 = TLanes.Chi(b13, b14, b10);
            a14 = TLanes.Chi(b14, b10, b11);
            a15 = TLanes.Chi(b15, b16, b17);
            a16 = TLanes.Chi(b16, b17, b18);
            a17 = TLanes.Chi(b17, b18, b19);
            a18 = TLanes.Chi(b18, b19, b15);
            a19 = TLanes.Chi(b19, b15, b16);
            a20 = TLanes.Chi(b20, b21, b22);
            a21 = TLanes.Chi(b21, b22, b23);
            a22 = TLanes.Chi(b22, b23, b24);
            a23 = TLanes.Chi(b23, b24, b20);
            a24 = TLanes.Chi(b24, b20, b21);
        }

        a0.StoreUnsafe(ref s, 0);
        a1.StoreUnsafe(ref s, 4);
        a2.StoreUnsafe(ref s, 8);
        a3.StoreUnsafe(ref s, 12);
        a4.StoreUnsafe(ref s, 16);
        a5.StoreUnsafe(ref s, 20);
        a6.StoreUnsafe(ref s, 24);
        a7.StoreUnsafe(ref s, 28);
        a8.StoreUnsafe(ref s, 32);
        a9.StoreUnsafe(ref s, 36);
        a10.StoreUnsafe(ref s, 40);
        a11.StoreUnsafe(ref s, 44);
        a12.StoreUnsafe(ref s, 48);
        a13.StoreUnsafe(ref s, 52);
        a14.StoreUnsafe(ref s, 56);
        a15.StoreUnsafe(ref s, 60);
        a16.StoreUnsafe(ref s, 64);
        a17.StoreUnsafe(ref s, 68);
        a18.StoreUnsafe(ref s, 72);
        a19.StoreUnsafe(ref s, 76);
        a20.StoreUnsafe(ref s, 80);
        a21.StoreUnsafe(ref s, 84);
        a22.StoreUnsafe(ref s, 88);
        a23.StoreUnsafe(ref s, 92);
        a24.StoreUnsafe(ref s, 96);
    }

    /// <summary>Keccak-f[1600] on 8 interleaved states (<c>state[8k + i]</c> is lane k of state i): the scalar round with each lane a 8 × 64-bit vector.</summary>
    private static void Permute8<TLanes>(Span<ulong> state)
        where TLanes : struct, ILanes8
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, 25 * 8, nameof(state));
        ref var s = ref MemoryMarshal.GetReference(state);
        var a0 = Vector512.LoadUnsafe(ref s, 0);
        var a1 = Vector512.LoadUnsafe(ref s, 8);
        var a2 = Vector512.LoadUnsafe(ref s, 16);
        var a3 = Vector512.LoadUnsafe(ref s, 24);
        var a4 = Vector512.LoadUnsafe(ref s, 32);
        var a5 = Vector512.LoadUnsafe(ref s, 40);
        var a6 = Vector512.LoadUnsafe(ref s, 48);
        var a7 = Vector512.LoadUnsafe(ref s, 56);
        var a8 = Vector512.LoadUnsafe(ref s, 64);
        var a9 = Vector512.LoadUnsafe(ref s, 72);
        var a10 = Vector512.LoadUnsafe(ref s, 80);
        var a11 = Vector512.LoadUnsafe(ref s, 88);
        var a12 = Vector512.LoadUnsafe(ref s, 96);
        var a13 = Vector512.LoadUnsafe(ref s, 104);
        var a14 = Vector512.LoadUnsafe(ref s, 112);
        var a15 = Vector512.LoadUnsafe(ref s, 120);
        var a16 = Vector512.LoadUnsafe(ref s, 128);
        var a17 = Vector512.LoadUnsafe(ref s, 136);
        var a18 = Vector512.LoadUnsafe(ref s, 144);
        var a19 = Vector512.LoadUnsafe(ref s, 152);
        var a20 = Vector512.LoadUnsafe(ref s, 160);
        var a21 = Vector512.LoadUnsafe(ref s, 168);
        var a22 = Vector512.LoadUnsafe(ref s, 176);
        var a23 = Vector512.LoadUnsafe(ref s, 184);
        var a24 = Vector512.LoadUnsafe(ref s, 192);
        foreach (var rc in KeccakSponge.RoundConstants)
        {
            var c0 = TLanes.Xor3(TLanes.Xor3(a0, a5, a10), a15, a20);
            var c1 = TLanes.Xor3(TLanes.Xor3(a1, a6, a11), a16, a21);
            var c2 = TLanes.Xor3(TLanes.Xor3(a2, a7, a12), a17, a22);
            var c3 = TLanes.Xor3(TLanes.Xor3(a3, a8, a13), a18, a23);
            var c4 = TLanes.Xor3(TLanes.Xor3(a4, a9, a14), a19, a24);
            var d0 = c4 ^ TLanes.Rol(c1, 1);
            var d1 = c0 ^ TLanes.Rol(c2, 1);
            var d2 = c1 ^ TLanes.Rol(c3, 1);
            var d3 = c2 ^ TLanes.Rol(c4, 1);
            var d4 = c3 ^ TLanes.Rol(c0, 1);
            var b0 = a0 ^ d0;
            var b1 = TLanes.Rol(a6 ^ d1, 44);
            var b2 = TLanes.Rol(a12 ^ d2, 43);
            var b3 = TLanes.Rol(a18 ^ d3, 21);
            var b4 = TLanes.Rol(a24 ^ d4, 14);
            var b5 = TLanes.Rol(a3 ^ d3, 28);
            var b6 = TLanes.Rol(a9 ^ d4, 20);
            var b7 = TLanes.Rol(a10 ^ d0, 3);
            var b8 = TLanes.Rol(a16 ^ d1, 45);
            var b9 = TLanes.Rol(a22 ^ d2, 61);
            var b10 = TLanes.Rol(a1 ^ d1, 1);
            var b11 = TLanes.Rol(a7 ^ d2, 6);
            var b12 = TLanes.Rol(a13 ^ d3, 25);
            var b13 = TLanes.Rol(a19 ^ d4, 8);
            var b14 = TLanes.Rol(a20 ^ d0, 18);
            var b15 = TLanes.Rol(a4 ^ d4, 27);
            var b16 = TLanes.Rol(a5 ^ d0, 36);
            var b17 = TLanes.Rol(a11 ^ d1, 10);
            var b18 = TLanes.Rol(a17 ^ d2, 15);
            var b19 = TLanes.Rol(a23 ^ d3, 56);
            var b20 = TLanes.Rol(a2 ^ d2, 62);
            var b21 = TLanes.Rol(a8 ^ d3, 55);
            var b22 = TLanes.Rol(a14 ^ d4, 39);
            var b23 = TLanes.Rol(a15 ^ d0, 41);
            var b24 = TLanes.Rol(a21 ^ d1, 2);
            a0 = TLanes.Chi(b0, b1, b2);
            a0 ^= Vector512.Create(rc);
            a1 = TLanes.Chi(b1, b2, b3);
            a2 = TLanes.Chi(b2, b3, b4);
            a3 = TLanes.Chi(b3, b4, b0);
            a4 = TLanes.Chi(b4, b0, b1);
            a5 = TLanes.Chi(b5, b6, b7);
            a6 = TLanes.Chi(b6, b7, b8);
            a7 = TLanes.Chi(b7, b8, b9);
            a8 = TLanes.Chi(b8, b9, b5);
            a9 = TLanes.Chi(b9, b5, b6);
            a10 = TLanes.Chi(b10, b11, b12);
            a11 = TLanes.Chi(b11, b12, b13);
            a12 = TLanes.Chi(b12, b13, b14);
            a13 = TLanes.Chi(b13, b14, b10);
            a14 = TLanes.Chi(b14, b10, b11);
            a15 = TLanes.Chi(b15, b16, b17);
            a16 = TLanes.Chi(b16, b17, b18);
            a17 = TLanes.Chi(b17, b18, b19);
            a18 = TLanes.Chi(b18, b19, b15);
            a19 = TLanes.Chi(b19, b15, b16);
            a20 = TLanes.Chi(b20, b21, b22);
            a21 = TLanes.Chi(b21, b22, b23);
            a22 = TLanes.Chi(b22, b23, b24);
            a23 = TLanes.Chi(b23, b24, b20);
            a24 = TLanes.Chi(b24, b20, b21);
        }

        a0.StoreUnsafe(ref s, 0);
        a1.StoreUnsafe(ref s, 8);
        a2.StoreUnsafe(ref s, 16);
        a3.StoreUnsafe(ref s, 24);
        a4.StoreUnsafe(ref s, 32);
        a5.StoreUnsafe(ref s, 40);
        a6.StoreUnsafe(ref s, 48);
        a7.StoreUnsafe(ref s, 56);
        a8.StoreUnsafe(ref s, 64);
        a9.StoreUnsafe(ref s, 72);
        a10.StoreUnsafe(ref s, 80);
        a11.StoreUnsafe(ref s, 88);
        a12.StoreUnsafe(ref s, 96);
        a13.StoreUnsafe(ref s, 104);
        a14.StoreUnsafe(ref s, 112);
        a15.StoreUnsafe(ref s, 120);
        a16.StoreUnsafe(ref s, 128);
        a17.StoreUnsafe(ref s, 136);
        a18.StoreUnsafe(ref s, 144);
        a19.StoreUnsafe(ref s, 152);
        a20.StoreUnsafe(ref s, 160);
        a21.StoreUnsafe(ref s, 168);
        a22.StoreUnsafe(ref s, 176);
        a23.StoreUnsafe(ref s, 184);
        a24.StoreUnsafe(ref s, 192);
    }

    /// <summary>The three lane operations of the permutation on 256-bit vectors, per instruction set.</summary>
    private interface ILanes4
    {
        /// <summary>Rotates each 64-bit lane left by <paramref name="n"/>.</summary>
        static abstract Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n);

        /// <summary><c>a ^ b ^ c</c>.</summary>
        static abstract Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c);

        /// <summary>χ: <c>a ^ (~b &amp; c)</c>.</summary>
        static abstract Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c);
    }

    /// <summary>The three lane operations of the permutation on 512-bit vectors.</summary>
    private interface ILanes8
    {
        /// <summary>Rotates each 64-bit lane left by <paramref name="n"/>.</summary>
        static abstract Vector512<ulong> Rol(Vector512<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n);

        /// <summary><c>a ^ b ^ c</c>.</summary>
        static abstract Vector512<ulong> Xor3(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c);

        /// <summary>χ: <c>a ^ (~b &amp; c)</c>.</summary>
        static abstract Vector512<ulong> Chi(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c);
    }

    // vpternlogq truth tables over (a, b, c): 0x96 = a ^ b ^ c, 0xD2 = a ^ (~b & c).

    /// <summary>AVX-512VL: <c>vprolq</c> and <c>vpternlogq</c> on 256-bit vectors.</summary>
    private readonly struct Avx512Lanes4 : ILanes4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) => Avx512F.VL.RotateLeft(x, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx512F.VL.TernaryLogic(a, b, c, 0x96);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx512F.VL.TernaryLogic(a, b, c, 0xD2);
    }

    /// <summary>AVX2: rotation as two shifts and an or, χ with <c>vpandn</c>.</summary>
    private readonly struct Avx2Lanes4 : ILanes4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) => (x << n) | (x >>> (64 - n));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx2.Xor(Avx2.Xor(a, b), c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx2.Xor(a, Avx2.AndNot(b, c));
    }

    /// <summary>AVX-512: <c>vprolq</c> and <c>vpternlogq</c> on 512-bit vectors.</summary>
    private readonly struct Avx512Lanes8 : ILanes8
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Rol(Vector512<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) => Avx512F.RotateLeft(x, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Xor3(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) => Avx512F.TernaryLogic(a, b, c, 0x96);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Chi(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) => Avx512F.TernaryLogic(a, b, c, 0xD2);
    }
}

/// <summary>How <see cref="KeccakLanes"/> permutes its interleaved states.</summary>
internal enum KeccakKernel
{
    /// <summary>One message, the scalar sponge (any CPU).</summary>
    Scalar,

    /// <summary>Four messages per pass with AVX2.</summary>
    Avx2x4,

    /// <summary>Four messages per pass with AVX-512VL rotations and ternary logic.</summary>
    Avx512x4,

    /// <summary>Eight messages per pass with AVX-512 on 512-bit vectors.</summary>
    Avx512x8,
}
