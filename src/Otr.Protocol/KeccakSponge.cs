using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Otr.Protocol;

/// <summary>
/// Streaming Keccak-256 (rate 136 bytes, Ethereum's 0x01 padding) that hashes several spans without
/// concatenating them first. A mutable value type: keep it in a local and pass it by <c>ref</c>.
/// </summary>
internal struct KeccakSponge
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

    private static readonly int[] Rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];

    private static readonly int[] PiLanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

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
        var digest = new byte[32];
        Span<ulong> state = _state;
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(digest.AsSpan(8 * i), state[i]);
        }

        return Bytes32.FromOwned(digest);
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

    private static void Permute(Span<ulong> st)
    {
        Span<ulong> bc = stackalloc ulong[5];
        for (var round = 0; round < 24; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
            }

            for (var i = 0; i < 5; i++)
            {
                var t = bc[(i + 4) % 5] ^ ulong.RotateLeft(bc[(i + 1) % 5], 1);
                for (var j = 0; j < 25; j += 5)
                {
                    st[j + i] ^= t;
                }
            }

            var carry = st[1];
            for (var i = 0; i < 24; i++)
            {
                var j = PiLanes[i];
                var next = st[j];
                st[j] = ulong.RotateLeft(carry, Rotations[i]);
                carry = next;
            }

            for (var j = 0; j < 25; j += 5)
            {
                for (var i = 0; i < 5; i++)
                {
                    bc[i] = st[j + i];
                }

                for (var i = 0; i < 5; i++)
                {
                    st[j + i] ^= ~bc[(i + 1) % 5] & bc[(i + 2) % 5];
                }
            }

            st[0] ^= RoundConstants[round];
        }
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
