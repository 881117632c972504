using System.Globalization;
using CsCheck;
using Nethereum.ABI.EIP712;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class ReceiptHasherTests
{
    internal static readonly Eip712Domain Domain = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

    internal static readonly Receipt Sample = new(
        RequestId: Keccak.HashUtf8("request-1"),
        ModelId: ReceiptFields.ModelId("otr-demo-q8"),
        PromptHash: ReceiptFields.PromptHash("Hello"),
        ParamsHash: ReceiptFields.ParamsHash(new DecodingParams(16, 0, 42)),
        OutputHash: ReceiptFields.OutputHash([1, 2, 3]),
        TraceRoot: Keccak.HashUtf8("trace"),
        TraceLength: 123,
        Executor: TestKeys.OneAddress,
        Nonce: 7,
        IssuedAt: 1_767_225_600);

    [Fact]
    public void TypeHash_Always_IsKeccakOfTheDocumentedTypeString() =>
        Assert.Equal(
            Keccak.HashUtf8("Receipt(bytes32 requestId,bytes32 modelId,bytes32 promptHash,bytes32 paramsHash,bytes32 outputHash,bytes32 traceRoot,uint64 traceLength,address executor,uint64 nonce,uint64 issuedAt)"),
            ReceiptHasher.TypeHash);

    [Fact]
    public void Digest_SampleReceipt_MatchesNethereumTypedData() =>
        Assert.Equal(NethereumDigest(Sample, Domain), ReceiptHasher.Digest(Sample, Domain).ToString());

    [Fact]
    public void Digest_RandomReceipts_MatchNethereumTypedData() =>
        Gen.Select(Gens.Receipt, Gens.Domain).Sample(
            (r, d) => NethereumDigest(r, d) == ReceiptHasher.Digest(r, d).ToString(),
            iter: 40);

    [Fact]
    public void DomainSeparator_Sample_MatchesNethereum()
    {
        var hashes = Eip712TypedDataEncoder.Current.CalculateTypedDataHashes(TypedDataJson(Sample, Domain));
        Assert.Equal("0x" + Convert.ToHexStringLower(hashes.DomainHash), ReceiptHasher.DomainSeparator(Domain).ToString());
        Assert.Equal("0x" + Convert.ToHexStringLower(hashes.MessageHash), ReceiptHasher.StructHash(Sample).ToString());
    }

    [Fact]
    public void Digest_AnySingleFieldChanged_Changes()
    {
        var other = Keccak.HashUtf8("other");
        Receipt[] variants =
        [
            Sample with { RequestId = other }, Sample with { ModelId = other }, Sample with { PromptHash = other },
            Sample with { ParamsHash = other }, Sample with { OutputHash = other }, Sample with { TraceRoot = other },
            Sample with { TraceLength = 124 }, Sample with { Executor = TestKeys.DocsAddress }, Sample with { Nonce = 8 },
            Sample with { IssuedAt = 1 },
        ];
        var digests = variants.Select(v => ReceiptHasher.Digest(v, Domain)).Append(ReceiptHasher.Digest(Sample, Domain));
        Assert.Equal(variants.Length + 1, digests.Distinct().Count());
    }

    [Fact]
    public void Digest_OtherChainOrContract_Changes()
    {
        var digest = ReceiptHasher.Digest(Sample, Domain);
        Assert.NotEqual(digest, ReceiptHasher.Digest(Sample, Domain with { ChainId = 1 }));
        Assert.NotEqual(digest, ReceiptHasher.Digest(Sample, Domain with { VerifyingContract = TestKeys.OneAddress }));
    }

    [Fact]
    public void Digest_ExecutorCase_DoesNotMatter() =>
        Assert.Equal(
            ReceiptHasher.Digest(Sample, Domain),
            ReceiptHasher.Digest(Sample with { Executor = Sample.Executor.ToLowerInvariant() }, Domain));

    [Theory]
    [InlineData("")]
    [InlineData("7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    [InlineData("0x7E5F4552091A69125d5DfCb7b8C2659029395Bd")]
    public void StructHash_MalformedExecutor_Throws(string executor) =>
        Assert.Throws<ArgumentException>(() => ReceiptHasher.StructHash(Sample with { Executor = executor }));

    private static string NethereumDigest(Receipt r, Eip712Domain d) =>
        "0x" + Convert.ToHexStringLower(Eip712TypedDataEncoder.Current.EncodeAndHashTypedData(TypedDataJson(r, d)));

    // eth_signTypedData_v4 JSON, as a wallet would present it.
    private static string TypedDataJson(Receipt r, Eip712Domain d)
    {
        static string Field(string name, string type) => $$"""{"name":"{{name}}","type":"{{type}}"}""";
        var receiptType = string.Join(",", [
            Field("requestId", "bytes32"), Field("modelId", "bytes32"), Field("promptHash", "bytes32"),
            Field("paramsHash", "bytes32"), Field("outputHash", "bytes32"), Field("traceRoot", "bytes32"),
            Field("traceLength", "uint64"), Field("executor", "address"), Field("nonce", "uint64"), Field("issuedAt", "uint64")]);
        var domainType = string.Join(",", [
            Field("name", "string"), Field("version", "string"), Field("chainId", "uint256"), Field("verifyingContract", "address")]);
        static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        return $$"""
        {"types":{"EIP712Domain":[{{domainType}}],"Receipt":[{{receiptType}}]},
         "primaryType":"Receipt",
         "domain":{"name":"OTR","version":"1","chainId":{{N(d.ChainId)}},"verifyingContract":"{{d.VerifyingContract}}"},
         "message":{"requestId":"{{r.RequestId}}","modelId":"{{r.ModelId}}","promptHash":"{{r.PromptHash}}",
           "paramsHash":"{{r.ParamsHash}}","outputHash":"{{r.OutputHash}}","traceRoot":"{{r.TraceRoot}}",
           "traceLength":{{N(r.TraceLength)}},"executor":"{{r.Executor}}","nonce":{{N(r.Nonce)}},"issuedAt":{{N(r.IssuedAt)}}} }
        """;
    }
}
