namespace Otr.Attestation.Snp;

/// <summary>An AMD EPYC product line with its own root of trust (ARK) and TCB layout.</summary>
public enum SnpProduct
{
    /// <summary>EPYC 7003 (family 19h, models 00h–0Fh). TCB layout: bootloader, tee, 4 reserved, snp, microcode.</summary>
    Milan,

    /// <summary>EPYC 9004 (family 19h, models 10h–1Fh and A0h–AFh). Same TCB layout as Milan.</summary>
    Genoa,

    /// <summary>EPYC 9005 (family 1Ah). TCB layout: fmc, bootloader, tee, snp, 3 reserved, microcode.</summary>
    Turin,
}
