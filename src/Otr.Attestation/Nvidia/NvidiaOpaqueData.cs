using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// The opaque data of an NVIDIA MEASUREMENTS response: (type u16, length u16, value) fields, little-endian. Types
/// used here: 3 driver version (NUL-terminated text), 6 VBIOS version, 12 measurement counts, 15 chip SKU, 17 project,
/// 18 project SKU, 20 FWID (48 bytes). Other types are kept as raw values.
/// </summary>
public sealed class NvidiaOpaqueData
{
    /// <summary>Driver version.</summary>
    public const ushort DriverVersionType = 3;

    /// <summary>VBIOS version.</summary>
    public const ushort VbiosVersionType = 6;

    /// <summary>Chip SKU.</summary>
    public const ushort ChipSkuType = 15;

    /// <summary>Project.</summary>
    public const ushort ProjectType = 17;

    /// <summary>Project SKU.</summary>
    public const ushort ProjectSkuType = 18;

    /// <summary>Per-block measurement counts (MSRSCNT, one u32 per block).</summary>
    public const ushort MeasurementCountsType = 12;

    /// <summary>FWID of the firmware that produced the report.</summary>
    public const ushort FwidType = 20;

    private NvidiaOpaqueData(IReadOnlyDictionary<ushort, byte[]> fields) => Fields = fields;

    /// <summary>Every field by type (a repeated type keeps its first value).</summary>
    public IReadOnlyDictionary<ushort, byte[]> Fields { get; }

    /// <summary>The driver version, for example <c>550.90.07</c>, or null.</summary>
    public string? DriverVersion => Text(DriverVersionType);

    /// <summary>The VBIOS version in NVIDIA's dotted form (lower-case), for example <c>96.00.9f.00.01</c>, or null.</summary>
    public string? VbiosVersion =>
        Fields.TryGetValue(VbiosVersionType, out var v) && v.Length >= 5
            ? string.Create(CultureInfo.InvariantCulture,
                $"{v[3]:x2}.{v[2]:x2}.{v[1]:x2}.{v[0]:x2}.{v[4]:x2}")
            : null;

    /// <summary>The project, for example <c>1010</c>, or null.</summary>
    public string? Project => Text(ProjectType);

    /// <summary>The project SKU, for example <c>0200</c>, or null.</summary>
    public string? ProjectSku => Text(ProjectSkuType);

    /// <summary>The chip SKU, for example <c>882</c>, or null.</summary>
    public string? ChipSku => Text(ChipSkuType);

    /// <summary>The FWID, or null.</summary>
    public byte[]? Fwid => Fields.GetValueOrDefault(FwidType);

    /// <summary>How often each block was extended (index 0 is block 1), or null when absent or not a whole number of u32s.</summary>
    public IReadOnlyList<uint>? MeasurementCounts =>
        Fields.TryGetValue(MeasurementCountsType, out var v) && v.Length % 4 == 0
            ? Enumerable.Range(0, v.Length / 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(v.AsSpan(4 * i))).ToArray()
            : null;

    /// <summary>Parses the opaque data.</summary>
    /// <param name="opaque">The opaque bytes.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-opaque-data-malformed</c>.</exception>
    public static NvidiaOpaqueData Parse(ReadOnlySpan<byte> opaque)
    {
        var fields = new Dictionary<ushort, byte[]>();
        var o = 0;
        while (o < opaque.Length)
        {
            if (opaque.Length - o < 4)
            {
                throw new AttestationRejectedException(NvidiaReasons.OpaqueDataMalformed,
                    string.Create(CultureInfo.InvariantCulture, $"opaque field header at {o} is cut off"));
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(opaque[o..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(opaque[(o + 2)..]);
            if (length > opaque.Length - o - 4)
            {
                throw new AttestationRejectedException(NvidiaReasons.OpaqueDataMalformed,
                    string.Create(CultureInfo.InvariantCulture, $"opaque field type {type} says {length} bytes, {opaque.Length - o - 4} left"));
            }

            fields.TryAdd(type, opaque.Slice(o + 4, length).ToArray());
            o += 4 + length;
        }

        return new NvidiaOpaqueData(fields);
    }

    private string? Text(ushort type)
    {
        if (!Fields.TryGetValue(type, out var value))
        {
            return null;
        }

        var end = Array.IndexOf(value, (byte)0);
        return Encoding.ASCII.GetString(value, 0, end < 0 ? value.Length : end);
    }
}
