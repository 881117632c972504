using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// An NVIDIA GPU attestation report: the SPDM 1.1 GET_MEASUREMENTS request followed by the MEASUREMENTS response.
/// Request (37 bytes): version <c>0x11</c> ‖ code <c>0xE0</c> ‖ param1 (bit 0: signature requested) ‖ param2
/// (<c>0xFF</c>: all measurements) ‖ nonce (32) ‖ slot id (1). Response: version ‖ code <c>0x60</c> ‖ param1 ‖
/// param2 ‖ number of blocks (1) ‖ measurement record length (3, little-endian) ‖ blocks (index, specification,
/// size u16, then DMTF value type, value size u16, value) ‖ responder nonce (32) ‖ opaque length (u16) ‖ opaque data
/// (NVIDIA TLVs) ‖ signature (96, raw r ‖ s, ECDSA P-384 over SHA-384 of request ‖ response up to the signature).
/// </summary>
public sealed record SpdmMeasurementReport
{
    /// <summary>Length of the GET_MEASUREMENTS request with a nonce and slot id.</summary>
    public const int RequestLength = 37;

    /// <summary>SPDM version 1.1 as encoded.</summary>
    public const byte SpdmVersion11 = 0x11;

    /// <summary>GET_MEASUREMENTS request code.</summary>
    public const byte GetMeasurementsCode = 0xE0;

    /// <summary>MEASUREMENTS response code.</summary>
    public const byte MeasurementsCode = 0x60;

    /// <summary>Nonce length.</summary>
    public const int NonceLength = 32;

    /// <summary>Signature length (P-384 r ‖ s).</summary>
    public const int SignatureLength = 96;

    private const int ResponseHeaderLength = 8;

    /// <summary>The request bytes.</summary>
    public required byte[] Request { get; init; }

    /// <summary>The requester's nonce (what freshness is checked against).</summary>
    public required byte[] Nonce { get; init; }

    /// <summary>The certificate slot the request named.</summary>
    public required byte SlotId { get; init; }

    /// <summary>The measurement blocks in report order.</summary>
    public required IReadOnlyList<SpdmMeasurementBlock> Blocks { get; init; }

    /// <summary>The responder's nonce.</summary>
    public required byte[] ResponderNonce { get; init; }

    /// <summary>The opaque data, decoded.</summary>
    public required NvidiaOpaqueData OpaqueData { get; init; }

    /// <summary>The bytes the signature covers: request ‖ response up to the signature.</summary>
    public required byte[] SignedBytes { get; init; }

    /// <summary>The signature, raw r ‖ s.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>Reads the hex text form used by nvtrust and trustee.</summary>
    /// <param name="hex">Hexadecimal text; surrounding whitespace is ignored.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-report-not-hex</c> and every <see cref="Parse"/> reason.</exception>
    public static SpdmMeasurementReport ParseHex(string hex)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException e)
        {
            throw new AttestationRejectedException(NvidiaReasons.ReportNotHex, "GPU attestation report is not hexadecimal text of even length", e);
        }

        return Parse(bytes);
    }

    /// <summary>Parses request ‖ response bytes.</summary>
    /// <param name="report">The report bytes.</param>
    /// <exception cref="AttestationRejectedException">
    /// <c>gpu-report-truncated</c>, <c>gpu-request-malformed</c>, <c>gpu-response-malformed</c>,
    /// <c>gpu-opaque-data-malformed</c>, <c>gpu-report-trailing-data</c>.
    /// </exception>
    public static SpdmMeasurementReport Parse(ReadOnlySpan<byte> report)
    {
        Need(report, 0, RequestLength, "GET_MEASUREMENTS request");
        var request = report[..RequestLength];
        if (request[0] != SpdmVersion11 || request[1] != GetMeasurementsCode || (request[2] & 1) == 0)
        {
            throw new AttestationRejectedException(NvidiaReasons.RequestMalformed,
                $"request starts {Convert.ToHexStringLower(request[..3])}, not an SPDM 1.1 GET_MEASUREMENTS (11 e0) asking for a signature");
        }

        var response = report[RequestLength..];
        Need(response, 0, ResponseHeaderLength, "MEASUREMENTS response header");
        if (response[0] != request[0] || response[1] != MeasurementsCode)
        {
            throw new AttestationRejectedException(NvidiaReasons.ResponseMalformed,
                $"response starts {Convert.ToHexStringLower(response[..2])}, not an SPDM 1.1 MEASUREMENTS (11 60)");
        }

        var blockCount = response[4];
        var recordLength = response[5] | (response[6] << 8) | (response[7] << 16);
        Need(response, ResponseHeaderLength, recordLength, "measurement record");
        var blocks = ParseBlocks(response.Slice(ResponseHeaderLength, recordLength), blockCount);
        var o = ResponseHeaderLength + recordLength;
        Need(response, o, NonceLength + 2, "responder nonce and opaque length");
        var responderNonce = response.Slice(o, NonceLength).ToArray();
        o += NonceLength;
        var opaqueLength = BinaryPrimitives.ReadUInt16LittleEndian(response[o..]);
        o += 2;
        Need(response, o, opaqueLength, "opaque data");
        var opaque = NvidiaOpaqueData.Parse(response.Slice(o, opaqueLength));
        o += opaqueLength;
        Need(response, o, SignatureLength, "signature");
        var signature = response.Slice(o, SignatureLength).ToArray();
        if (response[(o + SignatureLength)..].ContainsAnyExcept((byte)0))
        {
            throw new AttestationRejectedException(NvidiaReasons.TrailingData,
                string.Create(CultureInfo.InvariantCulture, $"{response.Length - o - SignatureLength} bytes after the signature are not zero padding"));
        }

        return new SpdmMeasurementReport
        {
            Request = request.ToArray(),
            Nonce = request.Slice(4, NonceLength).ToArray(),
            SlotId = request[4 + NonceLength],
            Blocks = blocks,
            ResponderNonce = responderNonce,
            OpaqueData = opaque,
            SignedBytes = report[..(RequestLength + o)].ToArray(),
            Signature = signature,
        };
    }

    /// <summary>The measurement block with the given index, or null.</summary>
    /// <param name="index">The SPDM block index.</param>
    public SpdmMeasurementBlock? Block(int index) => Blocks.FirstOrDefault(b => b.Index == index);

    private static List<SpdmMeasurementBlock> ParseBlocks(ReadOnlySpan<byte> record, int expected)
    {
        var blocks = new List<SpdmMeasurementBlock>();
        var o = 0;
        while (o < record.Length)
        {
            if (record.Length - o < 7)
            {
                throw Malformed($"measurement block {blocks.Count + 1} header runs past the measurement record");
            }

            var index = record[o];
            var specification = record[o + 1];
            var size = BinaryPrimitives.ReadUInt16LittleEndian(record[(o + 2)..]);
            var valueType = record[o + 4];
            var valueSize = BinaryPrimitives.ReadUInt16LittleEndian(record[(o + 5)..]);
            if (size != valueSize + 3 || size > record.Length - o - 4)
            {
                throw Malformed($"measurement block index {index}: size {size} and value size {valueSize} do not fit the record");
            }

            if (blocks.Any(b => b.Index == index))
            {
                throw Malformed($"measurement block index {index} appears twice");
            }

            blocks.Add(new SpdmMeasurementBlock(index, specification, valueType, record.Slice(o + 7, valueSize).ToArray()));
            o += 4 + size;
        }

        if (blocks.Count != expected)
        {
            throw Malformed($"response announces {expected} measurement blocks, the record holds {blocks.Count}");
        }

        return blocks;
    }

    private static AttestationRejectedException Malformed(string message) => new(NvidiaReasons.ResponseMalformed, message);

    private static void Need(ReadOnlySpan<byte> data, int offset, int length, string what)
    {
        if (data.Length - offset < length)
        {
            throw new AttestationRejectedException(NvidiaReasons.ReportTruncated,
                string.Create(CultureInfo.InvariantCulture, $"GPU report ends before the {what} ({length} bytes at {offset}, {Math.Max(0, data.Length - offset)} left)"));
        }
    }
}
