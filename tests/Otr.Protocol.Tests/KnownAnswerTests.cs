using Otr.Protocol;

namespace Otr.Protocol.Tests;

/// <summary>The vector printed in docs/encodings.md ("Receipt JSON"): other implementations reproduce it.</summary>
public class KnownAnswerTests
{
    private static readonly SignedReceipt Signed = SignedReceipt.Create(ReceiptHasherTests.Sample, ReceiptHasherTests.Domain, TestKeys.One);

    [Fact]
    public void ReceiptHasher_DocumentedVector_MatchesPinnedHashes()
    {
        Assert.Equal("0xf822c58edc632e1d7cff1399925452ad2895ad0b9e39fd1c5ee22f0d5880147f", ReceiptHasher.TypeHash.ToString());
        Assert.Equal("0x30d40d03ffb3365fc79357702939d2810d9121df532d6a27e50409d3ba36c7f2", ReceiptHasher.DomainSeparator(ReceiptHasherTests.Domain).ToString());
        Assert.Equal("0x85e5ddd7e6d67dfc4e2e4f8520913792117b10c38c9f3fcba0bd33fa957c2225", ReceiptHasher.StructHash(ReceiptHasherTests.Sample).ToString());
        Assert.Equal("0x8d917b7ded35a3cc5b0016038c3d8c49feecda4452ed3a5ad4232279c178244c", Signed.Digest.ToString());
        Assert.Equal("0x7cebfaa153bbdcfae1ab2fd61a654398af3774c3c877899d38db0d23be7e12fa", BatchVerifier.LeafOf(Signed.Digest).ToString());
    }

    [Fact]
    public void ReceiptJson_DocumentedVector_MatchesPinnedDocument() =>
        Assert.Equal(
            """{"receipt":{"requestId":"0x5adac62d109fffbdb33383f3d0e94a5d119de8413f1c5db806cc8eae3b857f5e","modelId":"0x7e965de66ef0177d6780fc0981043ef2a9c72051fdcff73c5eae23c28f99afda","promptHash":"0x06b3dfaec148fb1bb2b066f10ec285e7c9bf402ab32aa78a5d38e34566810cd2","paramsHash":"0xbf52bb33275c66de217c08d383736cf39c2d18393a6f91339045cc975837a1bb","outputHash":"0xaa5c45f6bdf9dc0154f4afa47d3203b6e76bb2249bb9120122b8be2e5129a2fb","traceRoot":"0x4f21ad965a4cb506f662b25d25f9297eaa297d0bbdc5a34f0801e2cdd06d93d2","traceLength":123,"executor":"0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf","nonce":7,"issuedAt":1767225600},"signature":"0xdaff3f25d131ff13ee00cef0349cbac436d45bd2ffb4ff76b8c6215b8d2a4e044ad460966a2bf4a92571f7f8c8aba9557c846eefb7d1bb1e7da57a356c3cfa661c","domain":{"chainId":31337,"verifyingContract":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}}""",
            ReceiptJson.Serialize(Signed));

    [Fact]
    public void TraceAccumulator_Empty_MatchesPinnedRoot() =>
        Assert.Equal("0xf28d766e14bfa9767b97ce2a50d9b632eb10ef9c4aa085943ece3a4fcd5ef287", new TraceAccumulator().Root.ToString());
}
