using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class BatchBuilderTests
{
    private static readonly Gen<Bytes32[]> Digests = Gens.Leaves(1, 40).Where(d => d.Distinct().Count() == d.Length);

    [Fact]
    public void Build_AnyDigests_RootIsTreeOverTaggedDigests() =>
        Digests.Sample(d =>
            BatchBuilder.Build(d) == new Batch(MerkleTree.Root([.. d.Select(x => TreeHash.Leaf(x.Span))]), d.Length));

    [Fact]
    public void Build_OneDigest_RootIsItsBatchLeaf()
    {
        var digest = Keccak.HashUtf8("r");
        Assert.Equal(Keccak.Hash([0x00, .. digest.ToArray()]), BatchBuilder.Build([digest]).Root);
    }

    [Fact]
    public void Verify_EveryProofFromProveAll_Succeeds() =>
        Digests.Sample(d =>
        {
            var batch = BatchBuilder.Build(d);
            var proofs = BatchBuilder.ProveAll(d);
            for (var i = 0; i < d.Length; i++)
            {
                Assert.Equal(i, proofs[i].Index);
                Assert.Equal(BatchBuilder.Prove(d, i).Siblings, proofs[i].Siblings);
                Assert.True(BatchVerifier.Verify(batch.Root, d[i], proofs[i]));
                Assert.True(BatchVerifier.Verify(batch, d[i], proofs[i]));
            }
        }, iter: 40);

    [Fact]
    public void Verify_DigestNotInBatch_Fails() =>
        Gen.Select(Digests, Gens.Bytes32).Sample((d, outsider) =>
        {
            var batch = BatchBuilder.Build(d);
            return d.Contains(outsider) || !BatchBuilder.ProveAll(d).Any(p => BatchVerifier.Verify(batch, outsider, p));
        });

    [Fact]
    public void Verify_FlippedSibling_Fails() =>
        Digests.Where(d => d.Length > 1).Select(Gen.Int[0, 10_000]).Sample((d, pick) =>
        {
            var index = pick % d.Length;
            var proof = BatchBuilder.Prove(d, index);
            var siblings = proof.Siblings.ToArray();
            siblings[pick % siblings.Length] = MerkleTreeTests.Flip(siblings[pick % siblings.Length], pick / 3);
            return !BatchVerifier.Verify(BatchBuilder.Build(d), d[index], proof with { Siblings = siblings });
        });

    [Fact]
    public void Verify_WithBatch_RejectsIndexInPaddingAndWrongDepth()
    {
        Bytes32[] d = [Keccak.HashUtf8("a"), Keccak.HashUtf8("b"), Keccak.HashUtf8("c")];
        var batch = BatchBuilder.Build(d);
        var proof = BatchBuilder.Prove(d, 2);
        Assert.False(BatchVerifier.Verify(batch, d[2], proof with { Index = 3 }));
        Assert.False(BatchVerifier.Verify(batch with { Count = 5 }, d[2], proof));
        Assert.False(BatchVerifier.Verify(batch, d[2], proof with { Siblings = proof.Siblings.Take(1).ToArray() }));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(1024, 10)]
    [InlineData(1025, 11)]
    public void ProofLength_Count_IsCeilLog2(int count, int expected) => Assert.Equal(expected, BatchVerifier.ProofLength(count));

    [Fact]
    public void Build_DuplicateDigest_ThrowsNamingPositions()
    {
        var a = Keccak.HashUtf8("a");
        var error = Assert.Throws<ArgumentException>(() => BatchBuilder.Build([a, Keccak.HashUtf8("b"), a]));
        Assert.Contains("positions 0 and 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoDigests_Throws() => Assert.Throws<ArgumentException>(() => BatchBuilder.Build([]));

    [Fact]
    public void Prove_IndexOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchBuilder.Prove([Keccak.HashUtf8("a")], 1));
}
