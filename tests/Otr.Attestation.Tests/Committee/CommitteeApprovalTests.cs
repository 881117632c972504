using Otr.Attestation.Committee;
using Otr.Protocol;

namespace Otr.Attestation.Tests.Committee;

public sealed class CommitteeApprovalTests
{
    private const ulong ChainId = 31337;
    private const string Verifier = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static readonly CommitteeApproval Approval = new("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", Keccak.HashUtf8("image"), Keccak.HashUtf8("weights"), Keccak.HashUtf8("quote"), 1_800_000_000);

    private static byte[] Key(byte b)
    {
        var key = new byte[32];
        key[31] = b;
        return key;
    }

    [Fact]
    public void TypeHash_IsKeccakOfTheTypeStringTheContractUses()
    {
        Assert.Equal(Keccak.HashUtf8("AttestationApproval(address enclaveKey,bytes32 measurement,bytes32 weightsRoot,bytes32 evidenceHash,uint64 approvedAt)"), CommitteeApproval.TypeHash);
    }

    [Fact]
    public void Digest_EveryFieldAndTheDomain_ChangeIt()
    {
        var digest = Approval.Digest(ChainId, Verifier);
        Assert.NotEqual(digest, (Approval with { EnclaveKey = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF" }).Digest(ChainId, Verifier));
        Assert.NotEqual(digest, (Approval with { Measurement = Keccak.HashUtf8("x") }).Digest(ChainId, Verifier));
        Assert.NotEqual(digest, (Approval with { WeightsRoot = Keccak.HashUtf8("x") }).Digest(ChainId, Verifier));
        Assert.NotEqual(digest, (Approval with { EvidenceHash = Keccak.HashUtf8("x") }).Digest(ChainId, Verifier));
        Assert.NotEqual(digest, (Approval with { ApprovedAt = 1 }).Digest(ChainId, Verifier));
        Assert.NotEqual(digest, Approval.Digest(1, Verifier));
        Assert.NotEqual(digest, Approval.Digest(ChainId, "0x0000000000000000000000000000000000000001"));
    }

    [Fact]
    public void EncodeEvidence_OrdersSignaturesBySignerAndLaysOutTheAbiEncoding()
    {
        var signatures = new[] { Key(3), Key(1), Key(2) }.Select(k => Approval.Sign(k, ChainId, Verifier)).ToArray();

        var evidence = Approval.EncodeEvidence(signatures, ChainId, Verifier);

        Assert.Equal(3 * 32 + 32 + 3 * 32 + 3 * (32 + 96), evidence.Length);
        Assert.Equal(Approval.EvidenceHash.ToArray(), evidence[..32]);
        Assert.Equal(0x60, evidence[95]);
        Assert.Equal(3, evidence[127]);
        var signers = Enumerable.Range(0, 3).Select(i =>
        {
            var offset = 128 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(evidence.AsSpan(128 + (i * 32) + 24, 8));
            Assert.Equal(65, evidence[offset + 31]);
            var signature = evidence.AsSpan(offset + 32, 65).ToArray();
            Assert.True(Secp256k1.TryRecover(Approval.Digest(ChainId, Verifier), signature, out var signer));
            return Convert.FromHexString(signer[2..]);
        }).ToArray();
        Assert.True(signers.Zip(signers.Skip(1)).All(p => p.First.AsSpan().SequenceCompareTo(p.Second) < 0));
    }

    [Fact]
    public void EncodeEvidence_DuplicateMemberOrForeignSignature_IsRefused()
    {
        var one = Approval.Sign(Key(1), ChainId, Verifier);
        Assert.Contains("same member", Assert.Throws<ArgumentException>(() => Approval.EncodeEvidence([one, one], ChainId, Verifier)).Message, StringComparison.Ordinal);

        var other = (Approval with { ApprovedAt = 5 }).Sign(Key(2), ChainId, Verifier);
        var garbage = new byte[65];
        Assert.Throws<ArgumentException>(() => Approval.EncodeEvidence([one, garbage], ChainId, Verifier));
        var evidence = Approval.EncodeEvidence([one, other], ChainId, Verifier);
        Assert.Equal(2, evidence[127]);
    }
}
