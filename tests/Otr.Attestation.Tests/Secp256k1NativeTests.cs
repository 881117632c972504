using CsCheck;
using Otr.Protocol;

namespace Otr.Attestation.Tests;

/// <summary>The native libsecp256k1 signature path against the managed port: the same bytes, recoverable to the key's address.</summary>
public sealed class Secp256k1NativeTests
{
    [Fact]
    public void NativeLoads_OnThisPlatform()
    {
        Secp256k1.Sign(Keccak.HashUtf8("load"), Secp256k1.GenerateKey());
        Assert.True(Secp256k1.NativeAvailable, "libsecp256k1 from Secp256k1.Net did not load; signing fell back to the managed port");
    }

    [Fact]
    public void NativeAndManaged_SignTheSameBytes_ThatRecoverToTheKey()
    {
        Gen.Byte.Array[32].Select(Gen.Byte.Array[32]).Sample((keyBytes, digestBytes) =>
        {
            if (!Secp256k1.IsValidKey(keyBytes))
            {
                return;
            }

            var digest = new Bytes32(digestBytes);
            var native = Secp256k1.Sign(digest, keyBytes);
            Assert.Equal(Secp256k1.SignManaged(digest, keyBytes), native);
            Assert.True(Secp256k1.TryRecover(digest, native, out var address));
            Assert.Equal(Secp256k1.AddressOf(keyBytes), address);
        }, iter: 300);
    }

    [Fact]
    public void BadKeys_AreRefused()
    {
        var digest = Keccak.HashUtf8("x");
        Assert.Throws<ArgumentException>(() => Secp256k1.Sign(digest, new byte[32]));
        Assert.Throws<ArgumentException>(() => Secp256k1.Sign(digest, new byte[31]));
        Assert.Throws<ArgumentException>(() => Secp256k1.Sign(digest, Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")));
    }
}
