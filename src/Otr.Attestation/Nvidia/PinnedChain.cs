using System.Security.Cryptography.X509Certificates;
using Otr.Attestation.Snp;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// Verifies a leaf-first certificate chain to a pinned root by hand: the chain may end in the root (it must then be
/// byte-identical to the pinned one) or just before it; every certificate is signed by the next, every issuer is a
/// CA, and every certificate is valid at the given instant. No OS trust store, no network, no revocation (see the
/// doc for how OCSP status is supplied).
/// </summary>
internal static class PinnedChain
{
    public static void Verify(
        IReadOnlyList<X509Certificate2> chain, X509Certificate2 root, DateTimeOffset time, string what,
        string tooShortReason, string invalidReason, string untrustedRootReason)
    {
        var links = chain.ToList();
        var last = links.Count > 0 ? links[^1] : null;
        if (last is not null && last.SubjectName.RawData.AsSpan().SequenceEqual(last.IssuerName.RawData))
        {
            if (!last.RawData.AsSpan().SequenceEqual(root.RawData))
            {
                throw new AttestationRejectedException(untrustedRootReason, $"{what} ends in '{last.Subject}', not the pinned '{root.Subject}'");
            }
        }
        else
        {
            links.Add(root);
        }

        if (links.Count < 2)
        {
            throw new AttestationRejectedException(tooShortReason, $"{what} needs at least a signing certificate and the root, has {chain.Count} certificate(s)");
        }

        for (var i = 0; i + 1 < links.Count; i++)
        {
            var child = links[i];
            var issuer = links[i + 1];
            if (!CertificateTools.IsSignedBy(child, issuer))
            {
                var reason = i + 2 == links.Count ? untrustedRootReason : invalidReason;
                throw new AttestationRejectedException(reason, $"{what}: '{child.Subject}' is not signed by '{issuer.Subject}'");
            }

            if (!CertificateTools.IsCertificateAuthority(issuer))
            {
                throw new AttestationRejectedException(invalidReason, $"{what}: issuer '{issuer.Subject}' is not a CA");
            }
        }

        foreach (var certificate in links)
        {
            CertificateTools.CheckValidity(certificate, time, what);
        }
    }
}
