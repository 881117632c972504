namespace Otr.Attestation.Snp;

/// <summary>Configuration of <see cref="SnpVerifier"/>.</summary>
public sealed record SnpVerifierOptions
{
    /// <summary>
    /// The product the evidence must come from. Null: the product the VCEK/VLEK certificate names (it must still
    /// chain to that product's pinned ARK, so the evidence cannot pick an untrusted root).
    /// </summary>
    public SnpProduct? Product { get; init; }

    /// <summary>
    /// The lowest acceptable reported TCB. It does not reject evidence: it decides the
    /// <see cref="Verification.VerifiedEvidence.TcbStatus"/> word (<c>AtOrAboveMinimum</c> or <c>BelowMinimum</c>).
    /// </summary>
    public SnpTcbVersion? MinimumTcb { get; init; }

    /// <summary>The ARK-signed CRL of each product (DER or PEM from KDS <c>/vcek/v1/{product}/crl</c>), where supplied.</summary>
    public IReadOnlyDictionary<SnpProduct, byte[]> Crls { get; init; } = new Dictionary<SnpProduct, byte[]>();
}
