namespace Otr.Attestation.Snp;

/// <summary>Which key signed an SEV-SNP report (KEY_INFO bits 4:2 of the report).</summary>
public enum SnpSigningKey
{
    /// <summary>The Versioned Chip Endorsement Key, certified by the product's ASK.</summary>
    Vcek = 0,

    /// <summary>The Versioned Loaded Endorsement Key (cloud provider), certified by the product's ASVK.</summary>
    Vlek = 1,

    /// <summary>The report is not signed.</summary>
    None = 7,
}
