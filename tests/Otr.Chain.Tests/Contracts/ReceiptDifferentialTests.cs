using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;

namespace Otr.Chain.Tests.Contracts;

/// <summary>C# receipt hashing and signing (Otr.Protocol) against OtrRollup on Anvil.</summary>
public sealed class ReceiptDifferentialTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    private const int Receipts = 40;

    [Fact]
    public async Task DomainSeparatorAndTypeHash_MatchCSharp()
    {
        Assert.Equal(ReceiptHasher.DomainSeparator(chain.Domain), await chain.Rollup.GetDomainSeparatorAsync());
        Assert.Equal(ReceiptHasher.TypeHash, await chain.Rollup.GetReceiptTypeHashAsync());
        Assert.Equal(chain.Domain, await chain.Rollup.GetDomainAsync());
    }

    [Fact]
    public async Task HashReceipt_RandomReceipts_EqualsCSharpDigest()
    {
        var rng = new Random(712);
        var receipts = Enumerable.Range(0, Receipts).Select(_ => RandomReceipts.Create(rng, RandomReceipts.PrivateKey(rng))).ToList();

        var onChain = await Task.WhenAll(receipts.Select(chain.Rollup.HashReceiptAsync));

        Assert.Equal(receipts.Select(r => ReceiptHasher.Digest(r, chain.Domain)), onChain);
    }

    [Fact]
    public async Task RecoverSigner_CSharpSignatures_RecoverToExecutorAddress()
    {
        var rng = new Random(65);
        var signed = Enumerable.Range(0, Receipts).Select(_ =>
        {
            var key = RandomReceipts.PrivateKey(rng);
            var receipt = RandomReceipts.Create(rng, key);
            return (Receipt: receipt, Signature: ReceiptSigner.Sign(ReceiptHasher.Digest(receipt, chain.Domain), key));
        }).ToList();

        var signers = await Task.WhenAll(signed.Select(s => chain.Rollup.RecoverSignerAsync(s.Receipt, s.Signature)));

        Assert.Equal(signed.Select(s => s.Receipt.Executor.ToLowerInvariant()), signers.Select(a => a.ToLowerInvariant()));
    }

    [Fact]
    public async Task RecoverSigner_MalformedSignature_ThrowsInvalidSignature()
    {
        var rng = new Random(1);
        var receipt = RandomReceipts.Create(rng, RandomReceipts.PrivateKey(rng));

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rollup.RecoverSignerAsync(receipt, new byte[64]));

        Assert.Equal("InvalidSignature", e.ErrorName);
    }

    [Fact]
    public async Task VerifyReceipt_RegisteredExecutor_TrueOnlyForItsModelAndKey()
    {
        var rng = new Random(99);
        var key = await chain.RegisterEnclaveAsync("verify-receipt");
        var receipt = RandomReceipts.Create(rng, key, OtrChainFixture.ModelId);
        var signature = ReceiptSigner.Sign(ReceiptHasher.Digest(receipt, chain.Domain), key);

        Assert.True(await chain.Rollup.VerifyReceiptAsync(receipt, signature, chain.Contracts.ExecutorRegistry));

        var otherModel = receipt with { ModelId = Keccak.HashUtf8("otr-expensive") };
        var otherModelSig = ReceiptSigner.Sign(ReceiptHasher.Digest(otherModel, chain.Domain), key);
        Assert.False(await chain.Rollup.VerifyReceiptAsync(otherModel, otherModelSig, chain.Contracts.ExecutorRegistry));

        var unregistered = RandomReceipts.PrivateKey(rng);
        var byStranger = RandomReceipts.Create(rng, unregistered, OtrChainFixture.ModelId);
        var strangerSig = ReceiptSigner.Sign(ReceiptHasher.Digest(byStranger, chain.Domain), unregistered);
        Assert.False(await chain.Rollup.VerifyReceiptAsync(byStranger, strangerSig, chain.Contracts.ExecutorRegistry));

        Assert.False(await chain.Rollup.VerifyReceiptAsync(receipt, new byte[65], chain.Contracts.ExecutorRegistry));
    }
}
