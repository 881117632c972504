using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// The trusted AMD certificates of one product: the ARK (AMD Root Key, self-signed, RSA-4096) and the ASK (signs
/// VCEKs) and/or ASVK (signs VLEKs) it signed. They come from files the deployment supplies (AMD KDS
/// <c>/vcek/v1/{product}/cert_chain</c> and <c>/vlek/v1/{product}/cert_chain</c>); the ARK is pinned by its SHA-256
/// fingerprint (<see cref="AmdArkSha256"/>) unless the caller deliberately pins another root (tests).
/// </summary>
public sealed class SnpProductRoots
{
    /// <summary>SHA-256 fingerprints (of the DER) of AMD's production ARKs.</summary>
    public static readonly IReadOnlyDictionary<SnpProduct, string> AmdArkSha256 = new Dictionary<SnpProduct, string>
    {
        [SnpProduct.Milan] = "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
        [SnpProduct.Genoa] = "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
        [SnpProduct.Turin] = "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
    };

    private SnpProductRoots(SnpProduct product, X509Certificate2 ark, X509Certificate2? ask, X509Certificate2? asvk)
    {
        Product = product;
        Ark = ark;
        Ask = ask;
        Asvk = asvk;
    }

    /// <summary>The product.</summary>
    public SnpProduct Product { get; }

    /// <summary>The pinned AMD Root Key certificate.</summary>
    public X509Certificate2 Ark { get; }

    /// <summary>The AMD SEV Key certificate (issuer of VCEKs), if configured.</summary>
    public X509Certificate2? Ask { get; }

    /// <summary>The AMD SEV VLEK Key certificate (issuer of VLEKs), if configured.</summary>
    public X509Certificate2? Asvk { get; }

    /// <summary>
    /// Loads a product's roots from PEM or DER certificates in any order (for example KDS's ASK ‖ ARK chain, or
    /// ASK ‖ ARK ‖ ASVK): the self-signed one is the ARK, <c>SEV-VLEK-*</c> the ASVK, <c>SEV-*</c> the ASK.
    /// </summary>
    /// <param name="product">The product these roots are for.</param>
    /// <param name="certificates">The certificate files' contents.</param>
    /// <param name="pinnedArkSha256">
    /// The ARK's expected SHA-256 fingerprint (hex); null means AMD's production ARK for the product.
    /// </param>
    /// <exception cref="AttestationRejectedException">
    /// <c>certificate-malformed</c>; <c>ark-not-pinned</c> when there is no self-signed ARK or it is not the pinned one;
    /// <c>vcek-chain-untrusted-root</c> when the ASK/ASVK is not signed by the ARK.
    /// </exception>
    public static SnpProductRoots Load(SnpProduct product, IEnumerable<byte[]> certificates, string? pinnedArkSha256 = null)
    {
        var all = certificates.SelectMany(c => CertificateTools.LoadAll(c, $"{product} root certificates")).ToList();
        var ark = all.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)) ??
                  throw new AttestationRejectedException(SnpReasons.ArkNotPinned, $"no self-signed ARK among the {product} root certificates");
        var pin = (pinnedArkSha256 ?? AmdArkSha256[product]).ToLowerInvariant();
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(ark.RawData));
        if (fingerprint != pin)
        {
            throw new AttestationRejectedException(SnpReasons.ArkNotPinned,
                $"ARK '{ark.Subject}' has SHA-256 {fingerprint}, but the pinned {product} root is {pin}");
        }

        if (!CertificateTools.IsSignedBy(ark, ark))
        {
            throw new AttestationRejectedException(SnpReasons.ArkNotPinned, $"ARK '{ark.Subject}' does not verify as self-signed");
        }

        X509Certificate2? ask = null, asvk = null;
        foreach (var certificate in all.Where(c => !ReferenceEquals(c, ark)))
        {
            var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (!CertificateTools.IsSignedBy(certificate, ark))
            {
                throw new AttestationRejectedException(SnpReasons.VcekChainUntrustedRoot,
                    $"'{name}' is not signed by the pinned {product} ARK");
            }

            if (name.StartsWith("SEV-VLEK-", StringComparison.Ordinal))
            {
                asvk = certificate;
            }
            else
            {
                ask = certificate;
            }
        }

        return new SnpProductRoots(product, ark, ask, asvk);
    }
}
