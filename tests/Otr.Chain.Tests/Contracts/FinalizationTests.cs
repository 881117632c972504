using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;

namespace Otr.Chain.Tests.Contracts;

/// <summary>Challenge window and finalization on Anvil (moves the chain's clock, so it has its own chain).</summary>
public sealed class FinalizationTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FinalizeBatch_BeforeAndAfterWindow_RevertsThenFinalizes()
    {
        var digests = Enumerable.Range(0, 3).Select(i => Keccak.HashUtf8($"receipt {i}")).ToList();
        var leaves = digests.Select(d => TreeHash.Leaf(d.Span)).ToList();
        var index = await chain.Rollup.GetNextBatchIndexAsync();
        var posted = await chain.Rollup.SubmitBatchAsync(index, MerkleTree.Root(leaves), 3, default, Ct);
        var proof = MerkleTree.Proof(leaves, 2);
        var window = (ulong)OtrChainFixture.Window.TotalSeconds;

        var early = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rollup.FinalizeBatchAsync(index, Ct));
        Assert.Equal("ChallengeWindowOpen", early.ErrorName);
        Assert.Equal(posted.PostedAt + window, (ulong)(System.Numerics.BigInteger)early.Arguments[1]!);

        await chain.Node.IncreaseTimeAsync(window, Ct);
        await chain.Node.MineAsync(1, Ct);
        Assert.Equal(L1ReceiptStatus.Final, await chain.Rollup.GetReceiptStatusAsync(index, digests[2], 2, proof));

        await chain.Rollup.FinalizeBatchAsync(index, Ct);
        Assert.True((await chain.Rollup.GetBatchAsync(index))!.Finalized);
        Assert.Equal(L1ReceiptStatus.Final, await chain.Rollup.GetReceiptStatusAsync(index, digests[2], 2, proof));

        var twice = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rollup.FinalizeBatchAsync(index, Ct));
        Assert.Equal("BatchAlreadyFinalized", twice.ErrorName);
    }

    [Fact]
    public async Task FinalizeBatch_UnknownBatch_ThrowsUnknownBatch()
    {
        var e = await Assert.ThrowsAsync<ContractRevertException>(() => chain.Rollup.FinalizeBatchAsync(1_000, Ct));

        Assert.Equal("UnknownBatch", e.ErrorName);
    }
}
