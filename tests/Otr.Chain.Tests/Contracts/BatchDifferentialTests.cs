using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;

namespace Otr.Chain.Tests.Contracts;

/// <summary>C# batch roots and inclusion proofs (Otr.Protocol MerkleTree/TreeHash) against OtrRollup on Anvil.</summary>
public sealed class BatchDifferentialTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (List<Bytes32> Digests, List<Bytes32> Leaves) RandomBatch(Random rng, int size)
    {
        var digests = Enumerable.Range(0, size).Select(_ => RandomReceipts.Bytes32(rng)).ToList();
        return (digests, digests.Select(d => TreeHash.Leaf(d.Span)).ToList());
    }

    private async Task<SubmittedBatch> PostAsync(IReadOnlyList<Bytes32> leaves, Bytes32 dataPointer = default)
    {
        var index = await chain.Rollup.GetNextBatchIndexAsync();
        return await chain.Rollup.SubmitBatchAsync(index, MerkleTree.Root(leaves), (uint)leaves.Count, dataPointer, Ct);
    }

    [Fact]
    public async Task BatchLeaf_RandomDigests_EqualsTreeHashLeaf()
    {
        var rng = new Random(0);
        for (var i = 0; i < 8; i++)
        {
            var digest = RandomReceipts.Bytes32(rng);
            Assert.Equal(TreeHash.Leaf(digest.Span), await chain.Rollup.GetBatchLeafAsync(digest));
        }
    }

    [Fact]
    public async Task VerifyInclusion_CSharpProofs_VerifyAtEveryIndex()
    {
        var rng = new Random(2024);
        foreach (var size in new[] { 1, 2, 3, 5, 8, 13, 17 })
        {
            var (digests, leaves) = RandomBatch(rng, size);
            var posted = await PostAsync(leaves);
            for (var i = 0; i < size; i++)
            {
                var proof = MerkleTree.Proof(leaves, i);
                Assert.True(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex, digests[i], i, proof), $"size {size} index {i}");
            }
        }
    }

    [Fact]
    public async Task VerifyInclusion_TamperedProofIndexOrDigest_IsFalse()
    {
        var rng = new Random(7);
        var (digests, leaves) = RandomBatch(rng, 6);
        var posted = await PostAsync(leaves);
        var proof = MerkleTree.Proof(leaves, 3);
        var tampered = proof.ToArray();
        var flipped = tampered[1].ToArray();
        flipped[31] ^= 1;
        tampered[1] = new Bytes32(flipped);

        Assert.True(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex, digests[3], 3, proof));
        Assert.False(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex, digests[3], 3, tampered));
        Assert.False(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex, digests[3], 2, proof));
        Assert.False(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex, digests[2], 3, proof));
        Assert.False(await chain.Rollup.VerifyInclusionAsync(posted.BatchIndex + 1, digests[3], 3, proof));
    }

    [Fact]
    public async Task SubmitBatch_StoresBatchAndEmitsEvent()
    {
        var rng = new Random(11);
        var (_, leaves) = RandomBatch(rng, 4);
        var pointer = RandomReceipts.Bytes32(rng);

        var posted = await PostAsync(leaves, pointer);
        var stored = await chain.Rollup.GetBatchAsync(posted.BatchIndex);

        Assert.Equal(MerkleTree.Root(leaves), posted.Root);
        Assert.Equal(4u, posted.Count);
        Assert.Equal(pointer, posted.DataPointer);
        Assert.Equal(new OnChainBatch(posted.BatchIndex, posted.Root, 4, pointer, posted.PostedAt, false), stored);
        Assert.Equal(posted.BatchIndex + 1, await chain.Rollup.GetNextBatchIndexAsync());
        Assert.Equal(posted.PostedAt + (ulong)OtrChainFixture.Window.TotalSeconds, await chain.Rollup.GetFinalizesAtAsync(posted.BatchIndex));
        Assert.Null(await chain.Rollup.GetBatchAsync(posted.BatchIndex + 1));
    }

    [Fact]
    public async Task SubmitBatch_SameIndexTwice_ThrowsBatchIndexMismatch()
    {
        var rng = new Random(3);
        var (_, leaves) = RandomBatch(rng, 2);
        var posted = await PostAsync(leaves);

        var e = await Assert.ThrowsAsync<BatchIndexMismatchException>(() =>
            chain.Rollup.SubmitBatchAsync(posted.BatchIndex, MerkleTree.Root(leaves), 2, default, Ct));

        Assert.Equal(posted.BatchIndex + 1, e.Expected);
        Assert.Equal(posted.BatchIndex, e.Got);
        Assert.Equal(posted.BatchIndex + 1, await chain.Rollup.GetNextBatchIndexAsync());
    }

    [Fact]
    public async Task SubmitBatch_NotSequencer_ThrowsUnauthorized()
    {
        var next = await chain.Rollup.GetNextBatchIndexAsync();

        var e = await Assert.ThrowsAsync<ContractRevertException>(() =>
            chain.RollupAsOwner.SubmitBatchAsync(next, Keccak.HashUtf8("root"), 1, default, Ct));

        Assert.Equal("Unauthorized", e.ErrorName);
        Assert.Equal(chain.OwnerAddress, (string)e.Arguments[0]!, ignoreCase: true);
    }

    [Fact]
    public async Task ReceiptStatus_PostedBatch_IsChallengeableThenNoneForBadProof()
    {
        var rng = new Random(5);
        var (digests, leaves) = RandomBatch(rng, 3);
        var posted = await PostAsync(leaves);

        Assert.Equal(L1ReceiptStatus.Challengeable,
            await chain.Rollup.GetReceiptStatusAsync(posted.BatchIndex, digests[1], 1, MerkleTree.Proof(leaves, 1)));
        Assert.Equal(L1ReceiptStatus.None,
            await chain.Rollup.GetReceiptStatusAsync(posted.BatchIndex, digests[1], 0, MerkleTree.Proof(leaves, 1)));
    }
}
