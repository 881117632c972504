using System.Numerics;
using CsCheck;
using Nethereum.Signer;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class ReceiptSignerTests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void AddressOf_WellKnownKeys_MatchesPublishedAddresses()
    {
        Assert.Equal(TestKeys.OneAddress, ReceiptSigner.AddressOf(TestKeys.One));
        Assert.Equal(TestKeys.DocsAddress, ReceiptSigner.AddressOf(TestKeys.Docs));
    }

    [Fact]
    public void Recover_SignatureFromSign_ReturnsSignersAddress() =>
        Gen.Select(Gens.PrivateKey, Gens.Bytes32).Sample(
            (key, digest) => ReceiptSigner.Recover(digest, ReceiptSigner.Sign(digest, key)) == ReceiptSigner.AddressOf(key),
            iter: 40);

    [Fact]
    public void Sign_AnyDigest_Is65BytesLowSWithV27Or28() =>
        Gen.Select(Gens.PrivateKey, Gens.Bytes32).Sample((key, digest) =>
        {
            var signature = ReceiptSigner.Sign(digest, key);
            Assert.Equal(65, signature.Length);
            Assert.Contains(signature[64], new byte[] { 27, 28 });
            Assert.True(Scalar(signature.AsSpan(32, 32)) <= N / 2);
        }, iter: 40);

    [Fact]
    public void Sign_AnyDigest_EqualsNethereumSignatureAndRecoversThere() =>
        Gen.Select(Gens.PrivateKey, Gens.Bytes32).Sample((key, digest) =>
        {
            var ours = ReceiptSigner.Sign(digest, key);
            var theirs = new EthECKey(key, true).SignAndCalculateV(digest.ToArray());
            Assert.Equal(EthECDSASignature.CreateStringSignature(theirs), "0x" + Convert.ToHexStringLower(ours));
            var recovered = EthECKey.RecoverFromSignature(EthECDSASignatureFactory.FromComponents(ours[..32], ours[32..64], ours[64]), digest.ToArray());
            Assert.Equal(ReceiptSigner.AddressOf(key), recovered.GetPublicAddress());
        }, iter: 10);

    [Fact]
    public void Sign_SameInputs_IsDeterministic()
    {
        var digest = Keccak.HashUtf8("digest");
        Assert.Equal(ReceiptSigner.Sign(digest, TestKeys.Docs), ReceiptSigner.Sign(digest, TestKeys.Docs));
    }

    [Fact]
    public void Recover_OtherDigest_ReturnsAnotherAddress()
    {
        var signature = ReceiptSigner.Sign(Keccak.HashUtf8("a"), TestKeys.One);
        Assert.NotEqual(TestKeys.OneAddress, ReceiptSigner.Recover(Keccak.HashUtf8("b"), signature));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(66)]
    [InlineData(0)]
    public void Recover_WrongLength_ReturnsNull(int length)
    {
        var signature = ReceiptSigner.Sign(Keccak.HashUtf8("a"), TestKeys.One);
        Array.Resize(ref signature, length);
        Assert.Null(ReceiptSigner.Recover(Keccak.HashUtf8("a"), signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(29)]
    [InlineData(37)]
    public void Recover_BadV_ReturnsNull(byte v)
    {
        var signature = ReceiptSigner.Sign(Keccak.HashUtf8("a"), TestKeys.One);
        signature[64] = v;
        Assert.Null(ReceiptSigner.Recover(Keccak.HashUtf8("a"), signature));
    }

    [Fact]
    public void Recover_HighSTwinOfValidSignature_ReturnsNull()
    {
        var digest = Keccak.HashUtf8("a");
        var signature = ReceiptSigner.Sign(digest, TestKeys.One);
        var highS = N - Scalar(signature.AsSpan(32, 32));
        highS.TryWriteBytes(signature.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        signature[64] ^= 27 ^ 28;
        Assert.Null(ReceiptSigner.Recover(digest, signature));
    }

    [Fact]
    public void Recover_ZeroR_ReturnsNull()
    {
        var signature = ReceiptSigner.Sign(Keccak.HashUtf8("a"), TestKeys.One);
        signature.AsSpan(0, 32).Clear();
        Assert.Null(ReceiptSigner.Recover(Keccak.HashUtf8("a"), signature));
    }

    [Fact]
    public void Recover_RNotOnCurve_ReturnsNullWithoutThrowing()
    {
        var digest = Keccak.HashUtf8("a");
        var signature = ReceiptSigner.Sign(digest, TestKeys.One);
        var recovered = Enumerable.Range(1, 20).Select(x =>
        {
            new BigInteger(x).TryWriteBytes(signature.AsSpan(0, 32), out _, isUnsigned: true, isBigEndian: true);
            return ReceiptSigner.Recover(digest, signature);
        }).ToList();
        Assert.Contains(null, recovered);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")]
    public void Sign_InvalidPrivateKey_Throws(string hex) =>
        Assert.Throws<ArgumentException>(() => ReceiptSigner.Sign(Keccak.HashUtf8("a"), Convert.FromHexString(hex)));

    private static BigInteger Scalar(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}
