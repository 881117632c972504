using Otr.Protocol;

namespace Otr.Chain.Tests.Support;

/// <summary>Seeded random receipts and digests for differential tests.</summary>
internal static class RandomReceipts
{
    public static Bytes32 Bytes32(Random rng)
    {
        var b = new byte[32];
        rng.NextBytes(b);
        return new Bytes32(b);
    }

    public static byte[] PrivateKey(Random rng)
    {
        // keccak of random bytes is a valid secp256k1 scalar with overwhelming probability.
        return Keccak.Hash(Bytes32(rng).ToArray()).ToArray();
    }

    /// <summary>A receipt with random fields (extreme integers included) executed by the key's address.</summary>
    public static Receipt Create(Random rng, byte[] executorKey, Bytes32? modelId = null)
    {
        ulong U64() => rng.Next(4) switch
        {
            0 => 0,
            1 => ulong.MaxValue,
            _ => (ulong)rng.NextInt64(),
        };
        return new Receipt(
            Bytes32(rng), modelId ?? Bytes32(rng), Bytes32(rng), Bytes32(rng), Bytes32(rng), Bytes32(rng),
            U64(), ReceiptSigner.AddressOf(executorKey), U64(), U64());
    }
}
