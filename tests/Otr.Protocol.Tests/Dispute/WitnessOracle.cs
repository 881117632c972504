using System.Buffers.Binary;
using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Protocol.Tests.Dispute;

/// <summary>
/// The C# side of the test one-step verifier (contracts/test/dispute/OneStepVerifierDouble.sol): every answer
/// is the abi-encoded witness (uint64 or bytes32 in one 32-byte word), so the test controls what is "correct".
/// </summary>
public sealed class WitnessOracle : IOneStepOracle
{
    public static readonly WitnessOracle Instance = new();

    public static byte[] Of(ulong value)
    {
        var word = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
        return word;
    }

    public static byte[] Of(Bytes32 value) => value.ToArray();

    public ulong ExpectedTraceLength(Bytes32 weightsRoot, uint promptTokens, uint outputTokens, ReadOnlySpan<byte> witness) => UInt64(witness);

    public ulong FineLength(DisputeStepContext context, ReadOnlySpan<byte> witness) => UInt64(witness);

    public uint EosToken(Bytes32 weightsRoot, ReadOnlySpan<byte> witness) => checked((uint)UInt64(witness));

    public Bytes32 FineLeaf(DisputeStepContext context, ReadOnlySpan<byte> witness) =>
        witness.Length == 32 ? new Bytes32(witness) : throw new ArgumentException($"witness must be 32 bytes (was {witness.Length})");

    private static ulong UInt64(ReadOnlySpan<byte> witness)
    {
        if (witness.Length != 32 || witness[..24].ContainsAnyExcept((byte)0))
        {
            throw new ArgumentException("witness must be one abi-encoded uint64 word");
        }

        return BinaryPrimitives.ReadUInt64BigEndian(witness[24..]);
    }
}
