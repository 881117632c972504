using System.Text.Json.Nodes;
using CsCheck;
using Nethereum.Util;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class ReceiptJsonTests
{
    private static readonly SignedReceipt Signed = SignedReceipt.Create(ReceiptHasherTests.Sample, ReceiptHasherTests.Domain, TestKeys.One);

    private static readonly Gen<SignedReceipt> AnySigned =
        Gen.Select(Gens.Receipt, Gen.Byte.Array[65], Gens.Domain).Select((r, s, d) =>
            new SignedReceipt(
                r with { Executor = ChecksumOf(r.Executor) },
                s,
                d with { VerifyingContract = ChecksumOf(d.VerifyingContract) }));

    [Fact]
    public void Deserialize_SerializedReceipt_RoundTrips() =>
        AnySigned.Sample(s => ReceiptJson.Deserialize(ReceiptJson.Serialize(s)) == s);

    [Fact]
    public void Serialize_Sample_HasTheDocumentedShape()
    {
        var json = JsonNode.Parse(ReceiptJson.Serialize(Signed))!.AsObject();
        Assert.Equal(["receipt", "signature", "domain"], json.Select(p => p.Key));
        var receipt = json["receipt"]!.AsObject();
        Assert.Equal(
            ["requestId", "modelId", "promptHash", "paramsHash", "outputHash", "traceRoot", "traceLength", "executor", "nonce", "issuedAt"],
            receipt.Select(p => p.Key));
        Assert.Equal(ReceiptHasherTests.Sample.TraceRoot.ToString(), (string?)receipt["traceRoot"]);
        Assert.Equal(123UL, (ulong)receipt["traceLength"]!);
        Assert.Equal(TestKeys.OneAddress, (string?)receipt["executor"]);
        Assert.Equal("0x" + Convert.ToHexStringLower(Signed.Signature), (string?)json["signature"]);
        Assert.Equal(31337UL, (ulong)json["domain"]!["chainId"]!);
        Assert.Equal(ReceiptHasherTests.Domain.VerifyingContract, (string?)json["domain"]!["verifyingContract"]);
    }

    [Fact]
    public void Deserialize_SignedSample_StillVerifies() =>
        Assert.True(ReceiptJson.Deserialize(ReceiptJson.Serialize(Signed)).IsSignedByExecutor());

    [Fact]
    public void Deserialize_MaxUInt64_Reads()
    {
        var json = Mutate(o => o["receipt"]!["nonce"] = ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, ReceiptJson.Deserialize(json).Receipt.Nonce);
    }

    [Fact]
    public void Deserialize_LowerCaseAddress_ReturnsChecksummed()
    {
        var json = Mutate(o => o["receipt"]!["executor"] = TestKeys.OneAddress.ToLowerInvariant());
        Assert.Equal(TestKeys.OneAddress, ReceiptJson.Deserialize(json).Receipt.Executor);
    }

    [Fact]
    public void Deserialize_UnknownField_IsIgnored()
    {
        var json = Mutate(o => o["receipt"]!["comment"] = "hello");
        Assert.Equal(Signed, ReceiptJson.Deserialize(json));
    }

    // (field, its replacement as JSON text, expected message)
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "receipt.traceRoot", "\"0x1234\"", "receipt.traceRoot: expected 0x + 64 hex digits" },
        { "receipt.requestId", $"\"{new string('a', 64)}\"", "receipt.requestId: expected 0x + 64 hex digits" },
        { "receipt.modelId", $"\"0x{new string('g', 64)}\"", "receipt.modelId: expected 0x + 64 hex digits" },
        { "receipt.promptHash", "null", "receipt.promptHash: expected 0x + 64 hex digits" },
        { "receipt.traceLength", "-1", "receipt.traceLength: expected an unsigned 64-bit integer as a JSON number" },
        { "receipt.nonce", "1.5", "receipt.nonce: expected an unsigned 64-bit integer as a JSON number" },
        { "receipt.issuedAt", "18446744073709551616", "receipt.issuedAt: expected an unsigned 64-bit integer as a JSON number" },
        { "receipt.executor", "\"0x1234\"", "receipt.executor: expected 0x + 40 hex digits" },
        { "signature", "\"0x00\"", "signature: expected 0x + 130 hex digits (65 bytes r ‖ s ‖ v)" },
        { "domain.chainId", "\"31337\"", "domain.chainId: expected an unsigned 64-bit integer as a JSON number" },
        { "domain.verifyingContract", "42", "domain.verifyingContract: expected 0x + 40 hex digits" },
        { "domain", "[]", "domain: expected a JSON object, got an array" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Deserialize_BadField_ThrowsNamingTheField(string path, string replacement, string message)
    {
        var value = JsonNode.Parse(replacement);
        var json = Mutate(o => Parent(o, path)[path.Split('.')[^1]] = value);
        var error = Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize(json));
        Assert.Equal(message, error.Message);
        Assert.Equal(path, error.Field);
    }

    [Theory]
    [InlineData("receipt.issuedAt")]
    [InlineData("signature")]
    [InlineData("domain")]
    [InlineData("domain.chainId")]
    public void Deserialize_MissingField_ThrowsNamingTheField(string path)
    {
        var json = Mutate(o => Parent(o, path).Remove(path.Split('.')[^1]));
        var error = Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize(json));
        Assert.Equal($"{path}: missing", error.Message);
    }

    [Fact]
    public void Deserialize_WrongChecksum_ThrowsNamingTheField()
    {
        var wrong = "0x7e5F4552091A69125d5DfCb7b8C2659029395Bdf";
        var json = Mutate(o => o["receipt"]!["executor"] = wrong);
        var error = Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize(json));
        Assert.Equal($"receipt.executor: mixed-case address fails its EIP-55 checksum (expected {TestKeys.OneAddress})", error.Message);
    }

    [Fact]
    public void Deserialize_DuplicateField_Throws()
    {
        var json = ReceiptJson.Serialize(Signed).Replace("\"nonce\":7", "\"nonce\":7,\"nonce\":8", StringComparison.Ordinal);
        var error = Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize(json));
        Assert.Equal("receipt.nonce: appears more than once", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{} {}")]
    public void Deserialize_NotJson_ThrowsForTheDocument(string json)
    {
        var error = Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize(json));
        Assert.Equal("$", error.Field);
        Assert.StartsWith("$: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Array_ThrowsForTheDocument() =>
        Assert.Equal("$: expected a JSON object, got an array", Assert.Throws<ReceiptFormatException>(() => ReceiptJson.Deserialize("[]")).Message);

    [Fact]
    public void Serialize_ShortSignature_Throws() =>
        Assert.Throws<ArgumentException>(() => ReceiptJson.Serialize(Signed with { Signature = new byte[64] }));

    private static string Mutate(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(ReceiptJson.Serialize(Signed))!.AsObject();
        change(json);
        return json.ToJsonString();
    }

    private static JsonObject Parent(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node[part]!.AsObject();
        }

        return node;
    }

    private static string ChecksumOf(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);
}
