using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class SignedReceiptTests
{
    private static readonly Receipt Sample = ReceiptHasherTests.Sample;
    private static readonly Eip712Domain Domain = ReceiptHasherTests.Domain;

    [Fact]
    public void Create_ExecutorsKey_IsSignedByExecutor()
    {
        var signed = SignedReceipt.Create(Sample, Domain, TestKeys.One);
        Assert.True(signed.IsSignedByExecutor());
        Assert.Equal(TestKeys.OneAddress, signed.RecoverSigner());
    }

    [Fact]
    public void Create_OtherKey_Throws() =>
        Assert.Throws<ArgumentException>(() => SignedReceipt.Create(Sample, Domain, TestKeys.Docs));

    [Fact]
    public void IsSignedByExecutor_TamperedReceipt_IsFalse()
    {
        var signed = SignedReceipt.Create(Sample, Domain, TestKeys.One);
        Assert.False((signed with { Receipt = Sample with { Nonce = 8 } }).IsSignedByExecutor());
        Assert.False((signed with { Domain = Domain with { ChainId = 1 } }).IsSignedByExecutor());
    }

    [Fact]
    public void IsSignedByExecutor_LowerCaseExecutor_IsTrue()
    {
        var receipt = Sample with { Executor = Sample.Executor.ToLowerInvariant() };
        Assert.True(SignedReceipt.Create(receipt, Domain, TestKeys.One).IsSignedByExecutor());
    }

    [Fact]
    public void IsSignedByExecutor_MalformedSignature_IsFalse()
    {
        var signed = SignedReceipt.Create(Sample, Domain, TestKeys.One);
        Assert.False((signed with { Signature = signed.Signature[..64] }).IsSignedByExecutor());
    }

    [Fact]
    public void Equals_SameSignatureBytesInOtherArray_IsTrue()
    {
        var signed = SignedReceipt.Create(Sample, Domain, TestKeys.One);
        var copy = signed with { Signature = [.. signed.Signature] };
        Assert.Equal(signed, copy);
        Assert.Equal(signed.GetHashCode(), copy.GetHashCode());
        copy.Signature[0] ^= 1;
        Assert.NotEqual(signed, copy);
    }
}
