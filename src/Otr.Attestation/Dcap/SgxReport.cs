using System.Buffers.Binary;

namespace Otr.Attestation.Dcap;

/// <summary>
/// An SGX enclave report body (384 bytes): the application enclave's report in an SGX quote, and the QE report in
/// every quote's signature data. Offsets follow Intel's <c>sgx_report_body_t</c>.
/// </summary>
public sealed class SgxReport
{
    /// <summary>The size of the encoded report.</summary>
    public const int Size = 384;

    /// <summary>ATTRIBUTES.FLAGS bit 1: the enclave was created in debug mode (its memory can be read by the host).</summary>
    public const ulong DebugFlag = 0x2;

    private SgxReport(byte[] raw)
    {
        Raw = raw;
    }

    /// <summary>The 384 encoded bytes (what the QE report signature covers).</summary>
    public byte[] Raw { get; }

    /// <summary>CPUSVN (16 bytes).</summary>
    public ReadOnlySpan<byte> CpuSvn => Raw.AsSpan(0, 16);

    /// <summary>MISCSELECT (little-endian).</summary>
    public uint MiscSelect => BinaryPrimitives.ReadUInt32LittleEndian(Raw.AsSpan(16, 4));

    /// <summary>ISVEXTPRODID (16 bytes).</summary>
    public ReadOnlySpan<byte> IsvExtProdId => Raw.AsSpan(32, 16);

    /// <summary>ATTRIBUTES (16 bytes: FLAGS then XFRM, each little-endian 64-bit).</summary>
    public ReadOnlySpan<byte> Attributes => Raw.AsSpan(48, 16);

    /// <summary>ATTRIBUTES.FLAGS.</summary>
    public ulong AttributeFlags => BinaryPrimitives.ReadUInt64LittleEndian(Raw.AsSpan(48, 8));

    /// <summary>True when ATTRIBUTES.DEBUG is set.</summary>
    public bool Debug => (AttributeFlags & DebugFlag) != 0;

    /// <summary>MRENCLAVE (32 bytes).</summary>
    public ReadOnlySpan<byte> MrEnclave => Raw.AsSpan(64, 32);

    /// <summary>MRSIGNER (32 bytes).</summary>
    public ReadOnlySpan<byte> MrSigner => Raw.AsSpan(128, 32);

    /// <summary>CONFIGID (64 bytes).</summary>
    public ReadOnlySpan<byte> ConfigId => Raw.AsSpan(192, 64);

    /// <summary>ISVPRODID.</summary>
    public ushort IsvProdId => BinaryPrimitives.ReadUInt16LittleEndian(Raw.AsSpan(256, 2));

    /// <summary>ISVSVN.</summary>
    public ushort IsvSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.AsSpan(258, 2));

    /// <summary>CONFIGSVN.</summary>
    public ushort ConfigSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.AsSpan(260, 2));

    /// <summary>ISVFAMILYID (16 bytes).</summary>
    public ReadOnlySpan<byte> IsvFamilyId => Raw.AsSpan(304, 16);

    /// <summary>REPORTDATA (64 bytes).</summary>
    public ReadOnlySpan<byte> ReportData => Raw.AsSpan(320, 64);

    internal static SgxReport Read(ref QuoteReader reader, string field) => new(reader.Bytes(Size, field));

    /// <summary>Parses exactly <see cref="Size"/> bytes.</summary>
    /// <param name="raw">The encoded report.</param>
    public static SgxReport Parse(ReadOnlySpan<byte> raw)
    {
        var reader = new QuoteReader(raw);
        var report = Read(ref reader, "enclave report");
        if (reader.Remaining != 0)
        {
            throw new Verification.AttestationRejectedException(DcapReasons.QuoteMalformed, $"An enclave report is {Size} bytes, not {raw.Length}.");
        }

        return report;
    }
}
