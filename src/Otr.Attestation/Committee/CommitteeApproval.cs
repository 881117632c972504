using System.Buffers.Binary;
using System.Numerics;
using Otr.Protocol;

namespace Otr.Attestation.Committee;

/// <summary>
/// One committee member's statement about verified hardware evidence, as the on-chain
/// <c>CommitteeAttestationVerifier</c> checks it: "enclave key K runs in hardware measured as M, its report data binds
/// the weights root W, the evidence has hash H, checked at time T". The digest is EIP-712 under the domain
/// ("OTR Attestation Committee", "1", chainId, verifier contract); members sign it with secp256k1 keys.
/// </summary>
/// <param name="EnclaveKey">The executor's enclave key address.</param>
/// <param name="Measurement">The executor image measurement registered on L1.</param>
/// <param name="WeightsRoot">The model's weights root the report data binds.</param>
/// <param name="EvidenceHash">keccak of the raw hardware evidence (quote or report) the member verified.</param>
/// <param name="ApprovedAt">Unix seconds at which the member verified it.</param>
public sealed record CommitteeApproval(string EnclaveKey, Bytes32 Measurement, Bytes32 WeightsRoot, Bytes32 EvidenceHash, ulong ApprovedAt)
{
    /// <summary>EIP-712 domain name.</summary>
    public const string DomainName = "OTR Attestation Committee";

    /// <summary>EIP-712 domain version.</summary>
    public const string DomainVersion = "1";

    /// <summary>The EIP-712 type string.</summary>
    public const string TypeString = "AttestationApproval(address enclaveKey,bytes32 measurement,bytes32 weightsRoot,bytes32 evidenceHash,uint64 approvedAt)";

    private const string DomainTypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>keccak of <see cref="TypeString"/>.</summary>
    public static Bytes32 TypeHash { get; } = Keccak.HashUtf8(TypeString);

    /// <summary>The domain separator of a verifier contract on a chain.</summary>
    public static Bytes32 DomainSeparator(ulong chainId, string verifier)
    {
        var encoded = new byte[5 * 32];
        Keccak.HashUtf8(DomainTypeString).Span.CopyTo(encoded.AsSpan(0, 32));
        Keccak.HashUtf8(DomainName).Span.CopyTo(encoded.AsSpan(32, 32));
        Keccak.HashUtf8(DomainVersion).Span.CopyTo(encoded.AsSpan(64, 32));
        AbiWords.WriteUint256(encoded.AsSpan(96, 32), chainId);
        AbiWords.WriteAddress(encoded.AsSpan(128, 32), verifier);
        return Keccak.Hash(encoded);
    }

    /// <summary>The digest members sign for this approval.</summary>
    public Bytes32 Digest(ulong chainId, string verifier)
    {
        var encoded = new byte[6 * 32];
        TypeHash.Span.CopyTo(encoded.AsSpan(0, 32));
        AbiWords.WriteAddress(encoded.AsSpan(32, 32), EnclaveKey);
        Measurement.Span.CopyTo(encoded.AsSpan(64, 32));
        WeightsRoot.Span.CopyTo(encoded.AsSpan(96, 32));
        EvidenceHash.Span.CopyTo(encoded.AsSpan(128, 32));
        AbiWords.WriteUint256(encoded.AsSpan(160, 32), ApprovedAt);
        var structHash = Keccak.Hash(encoded);
        return Keccak.Hash([0x19, 0x01, .. DomainSeparator(chainId, verifier).ToArray(), .. structHash.ToArray()]);
    }

    /// <summary>A member's 65-byte signature (r ‖ s ‖ v, low s) over <see cref="Digest"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> memberKey, ulong chainId, string verifier) => Secp256k1.Sign(Digest(chainId, verifier), memberKey);

    /// <summary>
    /// The on-chain evidence: <c>abi.encode(bytes32 evidenceHash, uint64 approvedAt, bytes[] signatures)</c>, with the
    /// signatures ordered by signer address ascending as the contract requires.
    /// </summary>
    /// <exception cref="ArgumentException">A signature does not recover, or two come from the same signer.</exception>
    public byte[] EncodeEvidence(IEnumerable<byte[]> signatures, ulong chainId, string verifier)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var digest = Digest(chainId, verifier);
        var ordered = new List<(BigInteger Signer, byte[] Signature)>();
        foreach (var signature in signatures)
        {
            if (!Secp256k1.TryRecover(digest, signature, out var signer))
            {
                throw new ArgumentException("a signature does not recover to a signer of this approval", nameof(signatures));
            }

            ordered.Add((new BigInteger(AbiWords.ParseAddress(signer), isUnsigned: true, isBigEndian: true), signature));
        }

        ordered.Sort((a, b) => a.Signer.CompareTo(b.Signer));
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Signer == ordered[i - 1].Signer)
            {
                throw new ArgumentException("two signatures come from the same member", nameof(signatures));
            }
        }

        // Head: evidenceHash, approvedAt, offset of the array (0x60). Array: length, N offsets, then each bytes value.
        using var buffer = new MemoryStream();
        var word = new byte[32];
        buffer.Write(EvidenceHash.Span);
        WriteUint(buffer, ApprovedAt);
        WriteUint(buffer, 0x60);
        WriteUint(buffer, (ulong)ordered.Count);
        ulong offset = (ulong)ordered.Count * 32;
        foreach (var (_, signature) in ordered)
        {
            WriteUint(buffer, offset);
            offset += 32 + (ulong)Padded(signature.Length);
        }

        foreach (var (_, signature) in ordered)
        {
            WriteUint(buffer, (ulong)signature.Length);
            buffer.Write(signature);
            buffer.Write(new byte[Padded(signature.Length) - signature.Length]);
        }

        return buffer.ToArray();

        static int Padded(int length) => (length + 31) / 32 * 32;

        void WriteUint(Stream stream, ulong value)
        {
            Array.Clear(word);
            BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
            stream.Write(word);
        }
    }
}
