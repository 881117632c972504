using System.Buffers;
using System.Text.Json;

namespace Otr.Protocol;

/// <summary>
/// The JSON wire form of a <see cref="SignedReceipt"/> (returned to clients, published for
/// challengers). Shape, camelCase, fields in this order:
/// <code>
/// {
///   "receipt": {
///     "requestId": "0x…64 hex", "modelId": "0x…", "promptHash": "0x…", "paramsHash": "0x…",
///     "outputHash": "0x…", "traceRoot": "0x…", "traceLength": 1234,
///     "executor": "0xChecksummedAddress", "nonce": 7, "issuedAt": 1767225600
///   },
///   "signature": "0x…130 hex (r ‖ s ‖ v)",
///   "domain": { "chainId": 31337, "verifyingContract": "0xChecksummedAddress" }
/// }
/// </code>
/// Byte strings are "0x" + hex (either case accepted, lower case written); addresses are written
/// EIP-55 checksummed and, when read in mixed case, must carry a correct checksum; integers are JSON
/// numbers (uint64 — JavaScript readers need a big-integer-safe parser above 2^53). Unknown fields are
/// ignored, duplicated fields rejected. Name and version of the domain are fixed ("OTR", "1") and not sent.
/// </summary>
public static class ReceiptJson
{
    /// <summary>Writes the wire form (compact, fields in the documented order).</summary>
    /// <exception cref="ArgumentException">An address is malformed or the signature is not 65 bytes.</exception>
    public static string Serialize(SignedReceipt signed) => System.Text.Encoding.UTF8.GetString(Write(signed).WrittenSpan);

    /// <summary>The wire form as a <see cref="JsonElement"/> that owns its data (written once and parsed once, no text in between).</summary>
    /// <exception cref="ArgumentException">An address is malformed or the signature is not 65 bytes.</exception>
    public static JsonElement SerializeToElement(SignedReceipt signed) => JsonElement.Parse(Write(signed).WrittenSpan);

    private static ArrayBufferWriter<byte> Write(SignedReceipt signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        if (signed.Signature is not { Length: ReceiptSigner.SignatureLength })
        {
            throw new ArgumentException($"the signature must be {ReceiptSigner.SignatureLength} bytes", nameof(signed));
        }

        var r = signed.Receipt;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("receipt");
            json.WriteString("requestId", r.RequestId.ToString());
            json.WriteString("modelId", r.ModelId.ToString());
            json.WriteString("promptHash", r.PromptHash.ToString());
            json.WriteString("paramsHash", r.ParamsHash.ToString());
            json.WriteString("outputHash", r.OutputHash.ToString());
            json.WriteString("traceRoot", r.TraceRoot.ToString());
            json.WriteNumber("traceLength", r.TraceLength);
            json.WriteString("executor", Checksummed(r.Executor, "receipt.executor"));
            json.WriteNumber("nonce", r.Nonce);
            json.WriteNumber("issuedAt", r.IssuedAt);
            json.WriteEndObject();
            json.WriteString("signature", HexText.Format(signed.Signature));
            json.WriteStartObject("domain");
            json.WriteNumber("chainId", signed.Domain.ChainId);
            json.WriteString("verifyingContract", Checksummed(signed.Domain.VerifyingContract, "domain.verifyingContract"));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer;
    }

    /// <summary>Reads the wire form. Addresses come back checksummed. The signature is not checked here (see <see cref="SignedReceipt.IsSignedByExecutor"/>).</summary>
    /// <exception cref="ReceiptFormatException">The JSON is malformed; the message names the field.</exception>
    public static SignedReceipt Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ReceiptFormatException(JsonObjectReader.RootPath, $"not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = new JsonObjectReader(document.RootElement, JsonObjectReader.RootPath);
            var r = root.Object("receipt");
            var receipt = new Receipt(
                RequestId: r.Bytes32("requestId"),
                ModelId: r.Bytes32("modelId"),
                PromptHash: r.Bytes32("promptHash"),
                ParamsHash: r.Bytes32("paramsHash"),
                OutputHash: r.Bytes32("outputHash"),
                TraceRoot: r.Bytes32("traceRoot"),
                TraceLength: r.UInt64("traceLength"),
                Executor: r.Address("executor"),
                Nonce: r.UInt64("nonce"),
                IssuedAt: r.UInt64("issuedAt"));
            var signature = root.Hex("signature", ReceiptSigner.SignatureLength, "expected 0x + 130 hex digits (65 bytes r ‖ s ‖ v)");
            var d = root.Object("domain");
            var domain = new Eip712Domain(d.UInt64("chainId"), d.Address("verifyingContract"));
            return new SignedReceipt(receipt, signature, domain);
        }
    }

    // The last two addresses written and their checksummed forms: an executor writes receipts of one enclave
    // key under one domain, so this saves two Keccak hashes per address per receipt. Swapped as a whole (immutable).
    private static (string Address, string Checksummed)[] _recent = [];

    private static string Checksummed(string address, string field)
    {
        var recent = _recent;
        foreach (var (known, checksummed) in recent)
        {
            if (string.Equals(known, address, StringComparison.Ordinal))
            {
                return checksummed;
            }
        }

        var result = EthAddress.ToChecksum(EthAddress.ParseArgument(address, field));
        _recent = [(address, result), .. recent.Take(1)];
        return result;
    }
}
