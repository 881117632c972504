using CsCheck;
using Otr.Attestation;
using Otr.Protocol;

namespace Otr.Attestation.Tests;

public sealed class Secp256k1Tests
{
    private static readonly byte[] Order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    private static readonly byte[] HalfOrder = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

    [Fact]
    public void Sign_AnyDigest_RecoversToSignerWithLowSAndV27Or28()
    {
        var key = Secp256k1.GenerateKey();
        var address = Secp256k1.AddressOf(key);
        Gen.Byte.Array[32].Sample(bytes =>
        {
            var digest = new Bytes32(bytes);
            var signature = Secp256k1.Sign(digest, key);

            Assert.Equal(65, signature.Length);
            Assert.True(signature[64] is 27 or 28);
            Assert.True(signature.AsSpan(32, 32).SequenceCompareTo(HalfOrder) <= 0);
            Assert.True(Secp256k1.TryRecover(digest, signature, out var recovered));
            Assert.Equal(address, recovered);
        }, iter: 50);
    }

    [Fact]
    public void TryRecover_HighSTwin_IsRejected()
    {
        var key = Secp256k1.GenerateKey();
        var digest = Keccak.Hash([1, 2, 3]);
        var signature = Secp256k1.Sign(digest, key);

        // (r, n - s, v ^ 1) is the malleable twin that ecrecover accepts and OpenZeppelin rejects.
        var twin = (byte[])signature.Clone();
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var n = new System.Numerics.BigInteger(Order, isUnsigned: true, isBigEndian: true);
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        twin.AsSpan(32, 32).Clear();
        highS.CopyTo(twin.AsSpan(64 - highS.Length));
        twin[64] = (byte)(signature[64] == 27 ? 28 : 27);

        Assert.False(Secp256k1.TryRecover(digest, twin, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(26)]
    [InlineData(29)]
    public void TryRecover_BadV_IsRejected(byte v)
    {
        var digest = Keccak.Hash([9]);
        var signature = Secp256k1.Sign(digest, Secp256k1.GenerateKey());
        signature[64] = v;

        Assert.False(Secp256k1.TryRecover(digest, signature, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void TryRecover_WrongLength_IsRejected(int length)
    {
        Assert.False(Secp256k1.TryRecover(Keccak.Hash([9]), new byte[length], out _));
    }

    [Fact]
    public void IsValidKey_ZeroOrderAndAbove_AreInvalid()
    {
        Assert.False(Secp256k1.IsValidKey(new byte[32]));
        Assert.False(Secp256k1.IsValidKey(Order));
        Assert.False(Secp256k1.IsValidKey(new byte[31]));
        var belowOrder = (byte[])Order.Clone();
        belowOrder[31]--;
        Assert.True(Secp256k1.IsValidKey(belowOrder));
    }
}
