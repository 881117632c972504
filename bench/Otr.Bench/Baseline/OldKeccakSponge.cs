using System.Buffers.Binary;
using System.Runtime.CompilerServices;

using Otr.Protocol;

namespace Otr.Bench.Baseline;

/// <summary>
/// The scalar Keccak-256 sponge of Otr.Protocol before the SIMD and batching work, unchanged except
/// that the digest is wrapped with the public <see cref="Bytes32"/> constructor (one copy of 32 bytes
/// from the stack, where the library hands over the array): the "old" side of <c>--keccak</c>.
/// </summary>
internal struct OldKeccakSponge
{
    private const int Rate = 136;
    private const int RateLanes = Rate / 8;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    private Lanes _state;
    private Block _buffer;
    private int _buffered;

    /// <summary>Absorbs one byte.</summary>
    public void Absorb(byte value)
    {
        Span<byte> buffer = _buffer;
        buffer[_buffered++] = value;
        if (_buffered == Rate)
        {
            AbsorbBlock(buffer);
            _buffered = 0;
        }
    }

    /// <summary>Absorbs a big-endian uint32.</summary>
    public void AbsorbUInt32BigEndian(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Absorb(bytes);
    }

    /// <summary>Absorbs a big-endian uint64.</summary>
    public void AbsorbUInt64BigEndian(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Absorb(bytes);
    }

    /// <summary>Absorbs the bytes.</summary>
    public void Absorb(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            var take = Math.Min(Rate - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < Rate)
            {
                return;
            }

            AbsorbBlock(buffer);
            _buffered = 0;
        }

        while (data.Length >= Rate)
        {
            AbsorbBlock(data[..Rate]);
            data = data[Rate..];
        }

        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    /// <summary>Pads, permutes and returns the 32-byte digest. The sponge must not be used afterwards.</summary>
    public Bytes32 Finish()
    {
        Span<byte> buffer = _buffer;
        buffer[_buffered..].Clear();
        buffer[_buffered] ^= 0x01;
        buffer[Rate - 1] ^= 0x80;
        AbsorbBlock(buffer);
        Span<byte> digest = stackalloc byte[32];
        Span<ulong> state = _state;
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(digest[(8 * i)..], state[i]);
        }

        return new Bytes32(digest);
    }

    private void AbsorbBlock(ReadOnlySpan<byte> block)
    {
        Span<ulong> state = _state;
        for (var i = 0; i < RateLanes; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        }

        Permute(state);
    }

    private static void Permute(Span<ulong> state)
    {
        // Unrolled Keccak-f[1600] on locals (lane i = x + 5y); generated from the reference step mappings θ, ρ, π, χ, ι.
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
        foreach (var rc in RoundConstants)
        {
            var c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
            var c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
            var c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
            var c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
            var c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ ulong.RotateLeft(c1, 1);
            var d1 = c0 ^ ulong.RotateLeft(c2, 1);
            var d2 = c1 ^ ulong.RotateLeft(c3, 1);
            var d3 = c2 ^ ulong.RotateLeft(c4, 1);
            var d4 = c3 ^ ulong.RotateLeft(c0, 1);
            var b0 = a0 ^ d0;
            var b16 = ulong.RotateLeft(a5 ^ d0, 36);
            var b7 = ulong.RotateLeft(a10 ^ d0, 3);
            var b23 = ulong.RotateLeft(a15 ^ d0, 41);
            var b14 = ulong.RotateLeft(a20 ^ d0, 18);
            var b10 = ulong.RotateLeft(a1 ^ d1, 1);
            var b1 = ulong.RotateLeft(a6 ^ d1, 44);
            var b17 = ulong.RotateLeft(a11 ^ d1, 10);
            var b8 = ulong.RotateLeft(a16 ^ d1, 45);
            var b24 = ulong.RotateLeft(a21 ^ d1, 2);
            var b20 = ulong.RotateLeft(a2 ^ d2, 62);
            var b11 = ulong.RotateLeft(a7 ^ d2, 6);
            var b2 = ulong.RotateLeft(a12 ^ d2, 43);
            var b18 = ulong.RotateLeft(a17 ^ d2, 15);
            var b9 = ulong.RotateLeft(a22 ^ d2, 61);
            var b5 = ulong.RotateLeft(a3 ^ d3, 28);
            var b21 = ulong.RotateLeft(a8 ^ d3, 55);
            var b12 = ulong.RotateLeft(a13 ^ d3, 25);
            var b3 = ulong.RotateLeft(a18 ^ d3, 21);
            var b19 = ulong.RotateLeft(a23 ^ d3, 56);
            var b15 = ulong.RotateLeft(a4 ^ d4, 27);
            var b6 = ulong.RotateLeft(a9 ^ d4, 20);
            var b22 = ulong.RotateLeft(a14 ^ d4, 39);
            var b13 = ulong.RotateLeft(a19 ^ d4, 8);
            var b4 = ulong.RotateLeft(a24 ^ d4, 14);
            a0 = b0 ^ (~b1 & b2);
            a1 = b1 ^ (~b2 & b3);
            a2 = b2 ^ (~b3 & b4);
            a3 = b3 ^ (~b4 & b0);
            a4 = b4 ^ (~b0 & b1);
            a5 = b5 ^ (~b6 & b7);
            a6 = b6 ^ (~b7 & b8);
            a7 = b7 ^ (~b8 & b9);
            a8 = b8 ^ (~b9 & b5);
            a9 = b9 ^ (~b5 & b6);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            a0 ^= rc;
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

    [InlineArray(25)]
    private struct Lanes
    {
        private ulong _element;
    }

    [InlineArray(Rate)]
    private struct Block
    {
        private byte _element;
    }
}
