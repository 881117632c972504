namespace Otr.Protocol;

/// <summary>
/// A receipt with the enclave's signature over its EIP-712 digest and the domain that digest was
/// computed under (without the domain the signature cannot be checked). Wire form: <see cref="ReceiptJson"/>.
/// Equality compares the signature bytes, not the array reference.
/// </summary>
/// <param name="Receipt">The signed receipt.</param>
/// <param name="Signature">65 bytes <c>r ‖ s ‖ v</c> over <see cref="Digest"/>; treat as immutable.</param>
/// <param name="Domain">The EIP-712 domain of the signature.</param>
public sealed record SignedReceipt(Receipt Receipt, byte[] Signature, Eip712Domain Domain)
{
    /// <summary>The EIP-712 digest of the receipt under the domain (computed on each call).</summary>
    public Bytes32 Digest => ReceiptHasher.Digest(Receipt, Domain);

    /// <summary>Hashes and signs a receipt with the enclave key, which must be the receipt's executor.</summary>
    /// <exception cref="ArgumentException">The key's address is not <see cref="Otr.Protocol.Receipt.Executor"/>.</exception>
    public static SignedReceipt Create(Receipt receipt, Eip712Domain domain, byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var signer = ReceiptSigner.AddressOf(privateKey);
        if (!string.Equals(signer, receipt.Executor, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the key's address {signer} is not the receipt's executor {receipt.Executor}", nameof(privateKey));
        }

        return new SignedReceipt(receipt, ReceiptSigner.Sign(ReceiptHasher.Digest(receipt, domain), privateKey), domain);
    }

    /// <summary>The checksummed address that signed <see cref="Digest"/>, or null for a malformed signature.</summary>
    public string? RecoverSigner() => ReceiptSigner.Recover(Digest, Signature);

    /// <summary>True when the signature is well-formed and recovers to the receipt's executor (case-insensitive).</summary>
    public bool IsSignedByExecutor() =>
        RecoverSigner() is { } signer && string.Equals(signer, Receipt.Executor, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(SignedReceipt? other) =>
        other is not null &&
        Receipt == other.Receipt &&
        Domain == other.Domain &&
        Signature.AsSpan().SequenceEqual(other.Signature);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Receipt, Domain, Signature.Length);
}
