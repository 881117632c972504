using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Otr.Protocol;

/// <summary>
/// Up to four Keccak-256 hashes computed together: the four sponge states are interleaved, lane by
/// lane, in 25 <see cref="Vector256{T}"/> values, so one pass of Keccak-f[1600] permutes all four
/// (AVX2; with AVX-512VL each rotation and each three-input step of θ and χ is one instruction).
/// Without AVX2 the messages are hashed one after another by the scalar sponge. The digests are
/// byte-identical to <see cref="Keccak.Hash(ReadOnlySpan{byte})"/>; messages of any lengths may be
/// mixed (a shorter one simply stops absorbing), but the permutations are shared only while every
/// message still has blocks, so batch messages with the same number of 136-byte blocks.
/// </summary>
public static class KeccakX4
{
    /// <summary>True when four hashes share one vector permutation (AVX2 or AVX-512VL); otherwise they run one by one.</summary>
    public static bool IsHardwareAccelerated => Best != KeccakX4Kernel.Scalar;

    /// <summary>The fastest kernel this machine supports.</summary>
    internal static KeccakX4Kernel Best =>
        Avx512F.VL.IsSupported ? KeccakX4Kernel.Avx512 : Avx2.IsSupported ? KeccakX4Kernel.Avx2 : KeccakX4Kernel.Scalar;

    /// <summary>
    /// <c>digests[i] = keccak256(m_i)</c> for <c>i &lt; digests.Length</c> (1 to 4); the messages
    /// after the first <c>digests.Length</c> are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digests"/> is empty or longer than 4.</exception>
    public static void Hash(ReadOnlySpan<byte> m0, ReadOnlySpan<byte> m1, ReadOnlySpan<byte> m2, ReadOnlySpan<byte> m3, Span<Bytes32> digests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digests.Length, 1, nameof(digests));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digests.Length, 4, nameof(digests));
        Span<byte> bytes = stackalloc byte[4 * 32];
        HashPrefixed(Best, -1, digests.Length, m0, m1, m2, m3, bytes);
        ToBytes32(bytes, digests);
    }

    /// <summary>Wraps <c>digests.Length</c> consecutive 32-byte digests of <paramref name="bytes"/>.</summary>
    internal static void ToBytes32(ReadOnlySpan<byte> bytes, Span<Bytes32> digests)
    {
        for (var i = 0; i < digests.Length; i++)
        {
            digests[i] = Bytes32.FromOwned(bytes.Slice(32 * i, 32).ToArray());
        }
    }

    /// <summary>
    /// <c>keccak256(prefix ‖ m_i)</c> for <c>i &lt; count</c> into <c>digests[32i .. 32i+32)</c>; the
    /// prefix is the one byte <paramref name="prefix"/>, or nothing when it is −1. The digests may
    /// overlap the messages (all input is read before any digest is written).
    /// </summary>
    internal static void HashPrefixed(
        KeccakX4Kernel kernel, int prefix, int count, ReadOnlySpan<byte> m0, ReadOnlySpan<byte> m1, ReadOnlySpan<byte> m2, ReadOnlySpan<byte> m3, Span<byte> digests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefix, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefix, 255);
        ArgumentOutOfRangeException.ThrowIfLessThan(digests.Length, 32 * count, nameof(digests));
        Span<byte> output = stackalloc byte[4 * 32];
        if (kernel == KeccakX4Kernel.Scalar)
        {
            for (var i = 0; i < count; i++)
            {
                var sponge = default(KeccakSponge);
                if (prefix >= 0)
                {
                    sponge.Absorb((byte)prefix);
                }

                sponge.Absorb(Message(i, m0, m1, m2, m3));
                sponge.FinishInto(output.Slice(32 * i, 32));
            }

            output[..(32 * count)].CopyTo(digests);
            return;
        }

        var prefixLength = prefix >= 0 ? 1 : 0;
        Span<int> blocks = stackalloc int[4];
        var maxBlocks = 0;
        for (var i = 0; i < 4; i++)
        {
            // The last block always holds the padding, so a message of L bytes takes L / 136 + 1 blocks.
            blocks[i] = i < count ? ((prefixLength + Message(i, m0, m1, m2, m3).Length) / KeccakSponge.Rate) + 1 : 0;
            maxBlocks = Math.Max(maxBlocks, blocks[i]);
        }

        var state = default(State4);
        Span<ulong> words = stackalloc ulong[4 * KeccakSponge.RateLanes];
        for (var j = 0; j < maxBlocks; j++)
        {
            for (var i = 0; i < 4; i++)
            {
                LoadBlock(prefix, Message(i, m0, m1, m2, m3), j, blocks[i], words.Slice(KeccakSponge.RateLanes * i, KeccakSponge.RateLanes));
            }

            for (var k = 0; k < KeccakSponge.RateLanes; k++)
            {
                state[k] ^= Vector256.Create(
                    words[k], words[KeccakSponge.RateLanes + k], words[(2 * KeccakSponge.RateLanes) + k], words[(3 * KeccakSponge.RateLanes) + k]);
            }

            Permute(kernel, ref state);
            for (var i = 0; i < count; i++)
            {
                if (blocks[i] == j + 1)
                {
                    var digest = output.Slice(32 * i, 32);
                    for (var k = 0; k < 4; k++)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(digest[(8 * k)..], state[k].GetElement(i));
                    }
                }
            }
        }

        output[..(32 * count)].CopyTo(digests);
    }

    /// <summary>One permutation of the four states with <paramref name="kernel"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">This machine lacks the kernel's instructions.</exception>
    internal static void Permute(KeccakX4Kernel kernel, ref State4 state)
    {
        switch (kernel)
        {
            case KeccakX4Kernel.Avx512 when Avx512F.VL.IsSupported:
                Permute<Avx512Lanes>(ref state);
                break;
            case KeccakX4Kernel.Avx2 when Avx2.IsSupported:
                Permute<Avx2Lanes>(ref state);
                break;
            case KeccakX4Kernel.Scalar:
                PermuteScalar(ref state);
                break;
            default:
                throw new PlatformNotSupportedException($"the {kernel} Keccak kernel needs instructions this CPU lacks");
        }
    }

    /// <summary>True when this machine can run <paramref name="kernel"/>.</summary>
    internal static bool IsSupported(KeccakX4Kernel kernel) => kernel switch
    {
        KeccakX4Kernel.Avx512 => Avx512F.VL.IsSupported,
        KeccakX4Kernel.Avx2 => Avx2.IsSupported,
        _ => true,
    };

    private static ReadOnlySpan<byte> Message(int i, ReadOnlySpan<byte> m0, ReadOnlySpan<byte> m1, ReadOnlySpan<byte> m2, ReadOnlySpan<byte> m3) => i switch
    {
        0 => m0,
        1 => m1,
        2 => m2,
        _ => m3,
    };

    /// <summary>
    /// The 17 little-endian words of block <paramref name="j"/> of <c>prefix ‖ m</c> padded
    /// (<c>0x01 … 0x80</c>) to <paramref name="blocks"/> blocks; zeros once the message has ended.
    /// Full blocks are read straight from <paramref name="m"/>; only the last block is copied.
    /// </summary>
    private static void LoadBlock(int prefix, ReadOnlySpan<byte> m, int j, int blocks, Span<ulong> words)
    {
        const int Rate = KeccakSponge.Rate;
        if (j >= blocks)
        {
            words.Clear();
            return;
        }

        var prefixLength = prefix >= 0 ? 1 : 0;
        var offset = (Rate * j) - prefixLength; // where the block starts in m (−1 for the prefix byte)
        if (j < blocks - 1)
        {
            var k = 0;
            if (offset < 0)
            {
                words[0] = (uint)prefix | (BinaryPrimitives.ReadUInt64LittleEndian(m) << 8);
                k = 1;
            }

            for (; k < KeccakSponge.RateLanes; k++)
            {
                words[k] = BinaryPrimitives.ReadUInt64LittleEndian(m[(offset + (8 * k))..]);
            }

            return;
        }

        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        var length = prefixLength + m.Length - (Rate * j); // message bytes in this block, 0..135
        if (offset < 0)
        {
            last[0] = (byte)prefix;
            m.CopyTo(last[1..]);
        }
        else
        {
            m[offset..].CopyTo(last);
        }

        last[length] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        for (var k = 0; k < KeccakSponge.RateLanes; k++)
        {
            words[k] = BinaryPrimitives.ReadUInt64LittleEndian(last[(8 * k)..]);
        }
    }

    /// <summary>The four states one by one with the scalar permutation (reference and fallback).</summary>
    private static void PermuteScalar(ref State4 state)
    {
        Span<ulong> lanes = stackalloc ulong[25];
        for (var i = 0; i < 4; i++)
        {
            for (var k = 0; k < 25; k++)
            {
                lanes[k] = state[k].GetElement(i);
            }

            KeccakSponge.Permute(lanes);
            for (var k = 0; k < 25; k++)
            {
                state[k] = state[k].WithElement(i, lanes[k]);
            }
        }
    }

    /// <summary>Keccak-f[1600] on four interleaved states: the scalar round of <see cref="KeccakSponge"/> with each lane a 4 × 64-bit vector.</summary>
    private static void Permute<TLanes>(ref State4 state)
        where TLanes : struct, ILanes4
    {
        var a0 = state[0];
        var a1 = state[1];
        var a2 = state[2];
        var a3 = state[3];
        var a4 = state[4];
        var a5 = state[5];
        var a6 = state[6];
        var a7 = state[7];
        var a8 = state[8];
        var a9 = state[9];
        var a10 = state[10];
        var a11 = state[11];
        var a12 = state[12];
        var a13 = state[13];
        var a14 = state[14];
        var a15 = state[15];
        var a16 = state[16];
        var a17 = state[17];
        var a18 = state[18];
        var a19 = state[19];
        var a20 = state[20];
        var a21 = state[21];
        var a22 = state[22];
        var a23 = state[23];
        var a24 = state[24];
        var c0 = TLanes.Xor3(TLanes.Xor3(a0, a5, a10), a15, a20);
        var c1 = TLanes.Xor3(TLanes.Xor3(a1, a6, a11), a16, a21);
        var c2 = TLanes.Xor3(TLanes.Xor3(a2, a7, a12), a17, a22);
        var c3 = TLanes.Xor3(TLanes.Xor3(a3, a8, a13), a18, a23);
        var c4 = TLanes.Xor3(TLanes.Xor3(a4, a9, a14), a19, a24);
        foreach (var rc in KeccakSponge.RoundConstants)
        {
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
            c0 = TLanes.Xor3(a0, a5, a10);
            c1 = TLanes.Xor3(a1, a6, a11);
            c2 = TLanes.Xor3(a2, a7, a12);
            c3 = TLanes.Xor3(a3, a8, a13);
            c4 = TLanes.Xor3(a4, a9, a14);
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
            c0 = TLanes.Xor3(c0, a15, a20);
            c1 = TLanes.Xor3(c1, a16, a21);
            c2 = TLanes.Xor3(c2, a17, a22);
            c3 = TLanes.Xor3(c3, a18, a23);
            c4 = TLanes.Xor3(c4, a19, a24);
        }

        state[0] = a0;
        state[1] = a1;
        state[2] = a2;
        state[3] = a3;
        state[4] = a4;
        state[5] = a5;
        state[6] = a6;
        state[7] = a7;
        state[8] = a8;
        state[9] = a9;
        state[10] = a10;
        state[11] = a11;
        state[12] = a12;
        state[13] = a13;
        state[14] = a14;
        state[15] = a15;
        state[16] = a16;
        state[17] = a17;
        state[18] = a18;
        state[19] = a19;
        state[20] = a20;
        state[21] = a21;
        state[22] = a22;
        state[23] = a23;
        state[24] = a24;
    }

    /// <summary>The three lane operations the permutation needs, per instruction set.</summary>
    private interface ILanes4
    {
        /// <summary>Rotates each 64-bit lane left by <paramref name="n"/>.</summary>
        static abstract Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n);

        /// <summary><c>a ^ b ^ c</c>.</summary>
        static abstract Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c);

        /// <summary>χ: <c>a ^ (~b &amp; c)</c>.</summary>
        static abstract Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c);
    }

    /// <summary>AVX-512VL: <c>vprolq</c> and <c>vpternlogq</c> on 256-bit vectors.</summary>
    private readonly struct Avx512Lanes : ILanes4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) => Avx512F.VL.RotateLeft(x, n);

        // vpternlogq truth tables over (a, b, c): 0x96 = a ^ b ^ c, 0xD2 = a ^ (~b & c).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx512F.VL.TernaryLogic(a, b, c, 0x96);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx512F.VL.TernaryLogic(a, b, c, 0xD2);
    }

    /// <summary>AVX2: rotation as two shifts and an or, χ with <c>vpandn</c>.</summary>
    private readonly struct Avx2Lanes : ILanes4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) =>
            (x << n) | (x >>> (64 - n));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx2.Xor(Avx2.Xor(a, b), c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Chi(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) => Avx2.Xor(a, Avx2.AndNot(b, c));
    }
}

/// <summary>How <see cref="KeccakX4"/> permutes its four states.</summary>
internal enum KeccakX4Kernel
{
    /// <summary>Four scalar permutations one after another (any CPU).</summary>
    Scalar,

    /// <summary>One 4-lane permutation with AVX2.</summary>
    Avx2,

    /// <summary>One 4-lane permutation with AVX-512VL rotations and ternary logic.</summary>
    Avx512,
}

/// <summary>Four interleaved Keccak states: element i of lane k is lane k of state i.</summary>
[InlineArray(25)]
internal struct State4
{
    private Vector256<ulong> _element;
}
