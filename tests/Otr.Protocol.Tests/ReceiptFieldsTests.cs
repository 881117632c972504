using CsCheck;
using Nethereum.ABI;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class ReceiptFieldsTests
{
    [Fact]
    public void ModelId_DemoModel_IsKeccakOfItsName() =>
        Assert.Equal(Keccak.Hash("otr-demo-q8"u8), ReceiptFields.ModelId("otr-demo-q8"));

    [Fact]
    public void PromptHash_NonAscii_HashesUtf8() =>
        Assert.Equal(Keccak.Hash("héllo ✓"u8), ReceiptFields.PromptHash("héllo ✓"));

    [Fact]
    public void ParamsHash_AnyParams_MatchesNethereumAbiEncode() =>
        Gen.Select(Gen.UInt, Gen.UInt, Gen.ULong).Sample((max, temp, seed) =>
        {
            var expected = new ABIEncode().GetSha3ABIEncoded(
                new ABIValue("uint32", max), new ABIValue("uint32", temp), new ABIValue("uint64", seed));
            return ReceiptFields.ParamsHash(new DecodingParams(max, temp, seed)).Span.SequenceEqual(expected);
        });

    [Fact]
    public void OutputHash_TwoTokens_IsKeccakOfBigEndianWords() =>
        Assert.Equal(Keccak.Hash([0, 0, 0, 1, 0, 0, 0x01, 0x02]), ReceiptFields.OutputHash([1, 258]));

    [Fact]
    public void OutputHash_NoTokens_IsKeccakOfNothing() =>
        Assert.Equal(Keccak.Hash(ReadOnlySpan<byte>.Empty), ReceiptFields.OutputHash([]));

    [Fact]
    public void OutputHash_NegativeToken_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptFields.OutputHash([1, -1]));
}
