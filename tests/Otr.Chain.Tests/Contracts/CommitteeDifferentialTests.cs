using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Otr.Attestation.Committee;
using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;
using Otr.Protocol;
using M = Otr.Chain.Contracts.CommitteeAttestationVerifierMessages;

namespace Otr.Chain.Tests.Contracts;

/// <summary>
/// The C# committee approval (Otr.Attestation.Committee) against CommitteeAttestationVerifier.sol on Anvil: the same
/// EIP-712 digest, and evidence encoded in C# accepted or refused exactly as the contract decides.
/// </summary>
public sealed class CommitteeDifferentialTests(OtrChainFixture chain) : IClassFixture<OtrChainFixture>
{
    private static byte[] Key(byte b)
    {
        var key = new byte[32];
        key[31] = b;
        return key;
    }

    private static readonly byte[][] MemberKeys = [Key(11), Key(12), Key(13)];

    private async Task<(string Address, ulong Now)> DeployAsync()
    {
        var members = MemberKeys.Select(k => ReceiptSigner.AddressOf(k)).OrderBy(a => Convert.FromHexString(a[2..]), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
        var receipt = await chain.OwnerWeb3.Eth.GetContractDeploymentHandler<M.Deployment>().SendRequestAndWaitForReceiptAsync(new M.Deployment
        {
            Owner = chain.OwnerAddress,
            Members = members,
            Threshold = 2,
            MaxApprovalAge = 86_400,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(1, (int)receipt.Status.Value);
        var block = await chain.OwnerWeb3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(receipt.BlockNumber));
        return (receipt.ContractAddress, (ulong)block.Timestamp.Value);
    }

    private Task<bool> VerifyAsync(string verifier, byte[] evidence, CommitteeApproval a) =>
        chain.OwnerWeb3.Eth.GetContractQueryHandler<AttestationVerifierMessages.VerifyFunction>().QueryAsync<bool>(verifier, new AttestationVerifierMessages.VerifyFunction
        {
            Evidence = evidence,
            EnclaveKey = a.EnclaveKey,
            Measurement = a.Measurement.ToArray(),
            WeightsRoot = a.WeightsRoot.ToArray(),
        });

    [Fact]
    public async Task Approval_DigestAndEvidence_AgreeWithTheContract()
    {
        var (verifier, now) = await DeployAsync();
        var approval = new CommitteeApproval(chain.OperatorAddress, OtrChainFixture.Measurement, OtrChainFixture.WeightsRoot, Keccak.HashUtf8("a TDX quote"), now - 60);

        var onChain = await chain.OwnerWeb3.Eth.GetContractQueryHandler<M.ApprovalDigestFunction>().QueryAsync<byte[]>(verifier, new M.ApprovalDigestFunction
        {
            EnclaveKey = approval.EnclaveKey,
            Measurement = approval.Measurement.ToArray(),
            WeightsRoot = approval.WeightsRoot.ToArray(),
            EvidenceHash = approval.EvidenceHash.ToArray(),
            ApprovedAt = approval.ApprovedAt,
        });
        Assert.Equal(approval.Digest(chain.Domain.ChainId, verifier).ToArray(), onChain);

        // Two of three members, in any order: C# sorts them as the contract requires.
        var two = approval.EncodeEvidence([approval.Sign(MemberKeys[2], chain.Domain.ChainId, verifier), approval.Sign(MemberKeys[0], chain.Domain.ChainId, verifier)], chain.Domain.ChainId, verifier);
        Assert.True(await VerifyAsync(verifier, two, approval));

        // One member is below the threshold; the statement about other weights is refused.
        var one = approval.EncodeEvidence([approval.Sign(MemberKeys[1], chain.Domain.ChainId, verifier)], chain.Domain.ChainId, verifier);
        Assert.False(await VerifyAsync(verifier, one, approval));
        Assert.False(await VerifyAsync(verifier, two, approval with { WeightsRoot = Keccak.HashUtf8("a cheaper model") }));

        // Signed for another verifier contract (domain): refused.
        var elsewhere = approval.EncodeEvidence([approval.Sign(MemberKeys[0], chain.Domain.ChainId, chain.Contracts.Rollup), approval.Sign(MemberKeys[1], chain.Domain.ChainId, chain.Contracts.Rollup)], chain.Domain.ChainId, chain.Contracts.Rollup);
        Assert.False(await VerifyAsync(verifier, elsewhere, approval));
    }
}
