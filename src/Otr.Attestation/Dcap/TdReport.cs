using System.Buffers.Binary;

namespace Otr.Attestation.Dcap;

/// <summary>
/// A TDX TD report body: TDX 1.0 (584 bytes) or TDX 1.5 (648 bytes, adding TEE_TCB_SVN2 and MRSERVICETD).
/// </summary>
public sealed class TdReport
{
    /// <summary>The size of a TDX 1.0 body.</summary>
    public const int Size10 = 584;

    /// <summary>The size of a TDX 1.5 body.</summary>
    public const int Size15 = 648;

    /// <summary>TDATTRIBUTES bit 0 (TUD.DEBUG): the TD is debuggable, its memory and state are visible to the host.</summary>
    public const ulong DebugFlag = 0x1;

    private TdReport(byte[] raw)
    {
        Raw = raw;
    }

    /// <summary>The encoded body.</summary>
    public byte[] Raw { get; }

    /// <summary>True for a TDX 1.5 body.</summary>
    public bool IsTdx15 => Raw.Length == Size15;

    /// <summary>TEE_TCB_SVN (16 bytes): byte 0 is the TDX module minor SVN, byte 1 its major version.</summary>
    public ReadOnlySpan<byte> TeeTcbSvn => Raw.AsSpan(0, 16);

    /// <summary>MRSEAM (48 bytes).</summary>
    public ReadOnlySpan<byte> MrSeam => Raw.AsSpan(16, 48);

    /// <summary>MRSIGNERSEAM (48 bytes; zero for Intel's TDX module).</summary>
    public ReadOnlySpan<byte> MrSignerSeam => Raw.AsSpan(64, 48);

    /// <summary>SEAMATTRIBUTES (8 bytes).</summary>
    public ReadOnlySpan<byte> SeamAttributes => Raw.AsSpan(112, 8);

    /// <summary>TDATTRIBUTES (8 bytes).</summary>
    public ReadOnlySpan<byte> TdAttributes => Raw.AsSpan(120, 8);

    /// <summary>TDATTRIBUTES as a little-endian 64-bit value.</summary>
    public ulong TdAttributeFlags => BinaryPrimitives.ReadUInt64LittleEndian(Raw.AsSpan(120, 8));

    /// <summary>True when TDATTRIBUTES.DEBUG is set.</summary>
    public bool Debug => (TdAttributeFlags & DebugFlag) != 0;

    /// <summary>XFAM (8 bytes).</summary>
    public ReadOnlySpan<byte> Xfam => Raw.AsSpan(128, 8);

    /// <summary>MRTD (48 bytes): the measurement of the initial TD image.</summary>
    public ReadOnlySpan<byte> MrTd => Raw.AsSpan(136, 48);

    /// <summary>MRCONFIGID (48 bytes).</summary>
    public ReadOnlySpan<byte> MrConfigId => Raw.AsSpan(184, 48);

    /// <summary>MROWNER (48 bytes).</summary>
    public ReadOnlySpan<byte> MrOwner => Raw.AsSpan(232, 48);

    /// <summary>MROWNERCONFIG (48 bytes).</summary>
    public ReadOnlySpan<byte> MrOwnerConfig => Raw.AsSpan(280, 48);

    /// <summary>RTMR <paramref name="index"/> (0..3, 48 bytes each).</summary>
    /// <param name="index">The register.</param>
    public ReadOnlySpan<byte> Rtmr(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 3);
        return Raw.AsSpan(328 + (48 * index), 48);
    }

    /// <summary>REPORTDATA (64 bytes).</summary>
    public ReadOnlySpan<byte> ReportData => Raw.AsSpan(520, 64);

    /// <summary>TEE_TCB_SVN2 (TDX 1.5 only: the TDX module running now); empty for TDX 1.0.</summary>
    public ReadOnlySpan<byte> TeeTcbSvn2 => IsTdx15 ? Raw.AsSpan(584, 16) : [];

    /// <summary>MRSERVICETD (TDX 1.5 only, 48 bytes); empty for TDX 1.0.</summary>
    public ReadOnlySpan<byte> MrServiceTd => IsTdx15 ? Raw.AsSpan(600, 48) : [];

    internal static TdReport Read(ref QuoteReader reader, int size, string field) => new(reader.Bytes(size, field));
}
