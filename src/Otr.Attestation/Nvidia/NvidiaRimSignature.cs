using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// Verifies the enveloped XML-DSig of an NVIDIA RIM offline, step by step rather than through
/// <see cref="SignedXml"/> (which supports neither ECDSA signature values nor the C14N 1.1 identifier):
/// exactly one <c>Signature</c> under the root; canonicalization C14N 1.1 (or 1.0); signature method
/// <c>ecdsa-sha384</c>; one <c>Reference URI=""</c> with transforms enveloped-signature then C14N 1.1 (or 1.0) and
/// digest SHA-384; the digest of the document without the signature equals <c>DigestValue</c>; the ECDSA P-384
/// signature (raw r ‖ s) over the canonical <c>SignedInfo</c> verifies with the first <c>X509Certificate</c>; the
/// <c>KeyInfo</c> chain verifies to the pinned NVIDIA CoRIM signing Root CA at the given time.
/// C14N 1.1 differs from 1.0 only in how <c>xml:id</c>/<c>xml:base</c> (and other <c>xml:</c> attributes) of
/// ancestors outside the signed subset are inherited; RIMs that carry any <c>xml:</c> attribute are therefore
/// rejected, and for all others the .NET C14N 1.0 implementation produces the C14N 1.1 bytes.
/// </summary>
public static class NvidiaRimSignature
{
    private const string DsigNamespace = "http://www.w3.org/2000/09/xmldsig#";
    private const string C14n11 = "http://www.w3.org/2006/12/xml-c14n11";
    private const string C14n10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    private const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    private const string Enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    private const string Sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>Verifies the RIM's signature and signing chain; returns the signing chain, signer first.</summary>
    /// <param name="rim">The parsed RIM.</param>
    /// <param name="roots">The pinned roots (the RIM root is used).</param>
    /// <param name="time">The verification instant.</param>
    /// <exception cref="AttestationRejectedException">
    /// <c>gpu-rim-malformed</c>, <c>gpu-rim-signature-invalid</c>, <c>gpu-rim-chain-invalid</c>,
    /// <c>gpu-rim-chain-untrusted-root</c>, <c>certificate-expired</c>, <c>certificate-not-yet-valid</c>.
    /// </exception>
    public static IReadOnlyList<X509Certificate2> Verify(NvidiaRim rim, NvidiaRoots roots, DateTimeOffset time)
    {
        var document = rim.Document;
        var root = document.DocumentElement!;
        if (document.SelectNodes("//@*")!.OfType<XmlAttribute>().Any(a => a.NamespaceURI == XmlNamespace))
        {
            throw Malformed("xml: attributes are not supported (C14N 1.1 would treat them differently from 1.0)");
        }

        var signatures = root.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature" && e.NamespaceURI == DsigNamespace).ToList();
        if (signatures.Count != 1)
        {
            throw Invalid($"expected one enveloped Signature under the root, found {signatures.Count}");
        }

        var signature = signatures[0];
        var signedInfo = Single(signature, "SignedInfo");
        Expect(Single(signedInfo, "CanonicalizationMethod").GetAttribute("Algorithm"), "canonicalization", C14n11, C14n10);
        Expect(Single(signedInfo, "SignatureMethod").GetAttribute("Algorithm"), "signature method", EcdsaSha384);
        var reference = Single(signedInfo, "Reference");
        if (reference.GetAttribute("URI") != "")
        {
            throw Invalid($"reference URI '{reference.GetAttribute("URI")}' is not the whole document (\"\")");
        }

        var transforms = Single(reference, "Transforms").ChildNodes.OfType<XmlElement>().Select(t => t.GetAttribute("Algorithm")).ToList();
        if (transforms.Count != 2 || transforms[0] != Enveloped || transforms[1] is not (C14n11 or C14n10))
        {
            throw Invalid($"reference transforms [{string.Join(", ", transforms)}] are not enveloped-signature then C14N");
        }

        Expect(Single(reference, "DigestMethod").GetAttribute("Algorithm"), "digest method", Sha384);
        var digestValue = Base64(Single(reference, "DigestValue").InnerText, "DigestValue");
        var signatureValue = Base64(Single(signature, "SignatureValue").InnerText, "SignatureValue");
        var certificates = Single(Single(signature, "KeyInfo"), "X509Data").ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "X509Certificate" && e.NamespaceURI == DsigNamespace)
            .Select(e => CertificateTools.Load(Base64(e.InnerText, "X509Certificate"), "RIM signing certificate"))
            .ToList();
        if (certificates.Count == 0)
        {
            throw Invalid("KeyInfo holds no X509Certificate");
        }

        var withoutSignature = (XmlDocument)document.CloneNode(deep: true);
        var clonedSignature = withoutSignature.DocumentElement!.ChildNodes.OfType<XmlElement>()
            .Single(e => e.LocalName == "Signature" && e.NamespaceURI == DsigNamespace);
        withoutSignature.DocumentElement.RemoveChild(clonedSignature);
        var digest = SHA384.HashData(Canonicalize(withoutSignature));
        if (!CryptographicOperations.FixedTimeEquals(digest, digestValue))
        {
            throw Invalid($"document digest {Convert.ToHexStringLower(digest)} is not the signed DigestValue {Convert.ToHexStringLower(digestValue)}");
        }

        var leaf = certificates[0];
        using (var key = leaf.GetECDsaPublicKey())
        {
            if (key is null || signatureValue.Length != 2 * ((key.KeySize + 7) / 8) ||
                !key.VerifyData(CanonicalSignedInfo(signedInfo), signatureValue, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                throw Invalid($"SignatureValue does not verify with '{leaf.Subject}'");
            }
        }

        PinnedChain.Verify(certificates, roots.RimRoot, time, "RIM signing chain",
            NvidiaReasons.RimChainInvalid, NvidiaReasons.RimChainInvalid, NvidiaReasons.RimChainUntrustedRoot);
        return certificates;
    }

    /// <summary>
    /// SignedInfo canonicalized as the apex of a document subset: inclusive C14N renders every namespace in scope
    /// on the apex, so the ancestors' declarations are copied onto a standalone copy first.
    /// </summary>
    private static byte[] CanonicalSignedInfo(XmlElement signedInfo)
    {
        var standalone = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var copy = (XmlElement)standalone.ImportNode(signedInfo, deep: true);
        standalone.AppendChild(copy);
        for (var node = signedInfo.ParentNode as XmlElement; node is not null; node = node.ParentNode as XmlElement)
        {
            foreach (var attribute in node.Attributes.OfType<XmlAttribute>().Where(a => a.Name == "xmlns" || a.Prefix == "xmlns"))
            {
                if (!copy.HasAttribute(attribute.Name))
                {
                    copy.Attributes.Append((XmlAttribute)standalone.ImportNode(attribute, deep: true));
                }
            }
        }

        return Canonicalize(standalone);
    }

    private static byte[] Canonicalize(XmlDocument document)
    {
        try
        {
            var transform = new XmlDsigC14NTransform(includeComments: false);
            transform.LoadInput(document);
            using var output = (Stream)transform.GetOutput(typeof(Stream));
            using var buffer = new MemoryStream();
            output.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is XmlException or CryptographicException or InvalidOperationException or ArgumentException)
        {
            throw Malformed($"cannot be canonicalized ({e.Message})");
        }
    }

    private static XmlElement Single(XmlElement parent, string localName)
    {
        var found = parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == DsigNamespace).ToList();
        return found.Count == 1 ? found[0] : throw Invalid($"expected one {localName} in {parent.LocalName}, found {found.Count}");
    }

    private static void Expect(string actual, string what, params string[] allowed)
    {
        if (!allowed.Contains(actual))
        {
            throw Invalid($"{what} '{actual}' is not supported ({string.Join(" or ", allowed)})");
        }
    }

    private static byte[] Base64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw Invalid($"{what} is not base64 ({e.Message})");
        }
    }

    private static AttestationRejectedException Invalid(string message) => new(NvidiaReasons.RimSignatureInvalid, $"RIM signature: {message}");

    private static AttestationRejectedException Malformed(string message) => new(NvidiaReasons.RimMalformed, $"RIM: {message}");
}
