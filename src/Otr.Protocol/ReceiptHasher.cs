namespace Otr.Protocol;

/// <summary>
/// EIP-712 hashing of <see cref="Receipt"/> exactly as docs/encodings.md states, and as Solidity's
/// OpenZeppelin <c>EIP712("OTR", "1")</c> computes it: <c>digest = keccak(0x19 0x01 ‖ domainSeparator ‖ structHash)</c>.
/// </summary>
public static class ReceiptHasher
{
    /// <summary>The EIP-712 type string of the domain.</summary>
    public const string DomainTypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>The EIP-712 type string of a receipt.</summary>
    public const string ReceiptTypeString =
        "Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash," +
        "bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)";

    private const int StructWords = 11;

    /// <summary><c>keccak(DomainTypeString)</c>.</summary>
    public static Bytes32 DomainTypeHash { get; } = Keccak.HashUtf8(DomainTypeString);

    /// <summary><c>keccak(ReceiptTypeString)</c>, Solidity's <c>RECEIPT_TYPEHASH</c>.</summary>
    public static Bytes32 TypeHash { get; } = Keccak.HashUtf8(ReceiptTypeString);

    private static readonly Bytes32 NameHash = Keccak.HashUtf8(Eip712Domain.Name);
    private static readonly Bytes32 VersionHash = Keccak.HashUtf8(Eip712Domain.Version);

    /// <summary><c>keccak(abi.encode(DomainTypeHash, keccak("OTR"), keccak("1"), chainId, verifyingContract))</c>.</summary>
    /// <exception cref="ArgumentException">The verifying contract is not a 0x-prefixed 40-hex-digit address.</exception>
    public static Bytes32 DomainSeparator(Eip712Domain d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var contract = EthAddress.ParseArgument(d.VerifyingContract, nameof(d));
        Span<byte> encoded = stackalloc byte[5 * AbiWord.Size];
        AbiWord.WriteBytes32(Word(encoded, 0), DomainTypeHash);
        AbiWord.WriteBytes32(Word(encoded, 1), NameHash);
        AbiWord.WriteBytes32(Word(encoded, 2), VersionHash);
        AbiWord.WriteUInt64(Word(encoded, 3), d.ChainId);
        AbiWord.WriteAddress(Word(encoded, 4), contract);
        return Keccak.Hash(encoded);
    }

    /// <summary><c>keccak(abi.encode(TypeHash, requestId, …, issuedAt))</c> in the field order of the type string.</summary>
    /// <exception cref="ArgumentException">The executor is not a 0x-prefixed 40-hex-digit address.</exception>
    public static Bytes32 StructHash(Receipt r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var executor = EthAddress.ParseArgument(r.Executor, nameof(r));
        Span<byte> encoded = stackalloc byte[StructWords * AbiWord.Size];
        AbiWord.WriteBytes32(Word(encoded, 0), TypeHash);
        AbiWord.WriteBytes32(Word(encoded, 1), r.RequestId);
        AbiWord.WriteBytes32(Word(encoded, 2), r.ModelId);
        AbiWord.WriteBytes32(Word(encoded, 3), r.PromptHash);
        AbiWord.WriteBytes32(Word(encoded, 4), r.ParamsHash);
        AbiWord.WriteBytes32(Word(encoded, 5), r.OutputHash);
        AbiWord.WriteBytes32(Word(encoded, 6), r.TraceRoot);
        AbiWord.WriteUInt64(Word(encoded, 7), r.TraceLength);
        AbiWord.WriteAddress(Word(encoded, 8), executor);
        AbiWord.WriteUInt64(Word(encoded, 9), r.Nonce);
        AbiWord.WriteUInt64(Word(encoded, 10), r.IssuedAt);
        return Keccak.Hash(encoded);
    }

    /// <summary>The digest the enclave key signs and L1 keys receipt state by.</summary>
    public static Bytes32 Digest(Receipt r, Eip712Domain d) => Digest(r, DomainSeparator(d));

    /// <summary>The digest under an already computed domain separator (saves one hash per receipt).</summary>
    public static Bytes32 Digest(Receipt r, Bytes32 domainSeparator)
    {
        var sponge = default(KeccakSponge);
        sponge.Absorb(0x19);
        sponge.Absorb(0x01);
        sponge.Absorb(domainSeparator.Span);
        sponge.Absorb(StructHash(r).Span);
        return sponge.Finish();
    }

    private static Span<byte> Word(Span<byte> encoded, int index) => encoded.Slice(index * AbiWord.Size, AbiWord.Size);
}
