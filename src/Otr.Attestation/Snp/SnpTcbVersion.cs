using System.Globalization;

namespace Otr.Attestation.Snp;

/// <summary>
/// The security version numbers of an SEV-SNP platform's firmware components, decoded from the 64-bit TCB_VERSION
/// of a report or read from the VCEK/VLEK extensions. <see cref="Fmc"/> exists on Turin only (null otherwise).
/// </summary>
/// <param name="Bootloader">PSP bootloader SVN.</param>
/// <param name="Tee">PSP operating system SVN.</param>
/// <param name="Snp">SNP firmware SVN.</param>
/// <param name="Microcode">Lowest microcode patch level of all cores.</param>
/// <param name="Fmc">Turin's FMC SVN; null on Milan and Genoa.</param>
public readonly record struct SnpTcbVersion(byte Bootloader, byte Tee, byte Snp, byte Microcode, byte? Fmc = null)
{
    /// <summary>Decodes a raw TCB_VERSION (little-endian 64-bit value) in the product's layout.</summary>
    /// <param name="raw">The raw value as read from the report.</param>
    /// <param name="product">The product, which fixes the byte layout.</param>
    public static SnpTcbVersion Decode(ulong raw, SnpProduct product)
    {
        byte B(int i) => (byte)(raw >> (8 * i));
        return product == SnpProduct.Turin
            ? new SnpTcbVersion(B(1), B(2), B(3), B(7), B(0))
            : new SnpTcbVersion(B(0), B(1), B(6), B(7));
    }

    /// <summary>True when every component is at least the minimum's (an FMC minimum applies only when both have one).</summary>
    /// <param name="minimum">The minimum acceptable TCB.</param>
    public bool IsAtLeast(SnpTcbVersion minimum) =>
        Bootloader >= minimum.Bootloader && Tee >= minimum.Tee && Snp >= minimum.Snp && Microcode >= minimum.Microcode &&
        (Fmc is null || minimum.Fmc is null || Fmc >= minimum.Fmc);

    /// <summary>Text form, for example <c>bl=3 tee=0 snp=8 ucode=115</c> (Turin: <c>fmc=0 bl=…</c>).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(Fmc is { } fmc ? $"fmc={fmc} " : "")}bl={Bootloader} tee={Tee} snp={Snp} ucode={Microcode}");
}
