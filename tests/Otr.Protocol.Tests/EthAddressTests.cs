using CsCheck;
using Nethereum.Util;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class EthAddressTests
{
    [Fact]
    public void ToChecksum_AnyAddress_MatchesNethereum() =>
        Gen.Byte.Array[20].Sample(a =>
            EthAddress.ToChecksum(a) == AddressUtil.Current.ConvertToChecksumAddress(Convert.ToHexStringLower(a)));

    [Theory]
    [InlineData("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", true)]
    [InlineData("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", true)]
    [InlineData("0x7E5F4552091A69125D5DFCB7B8C2659029395BDF", true)]
    [InlineData("0x7e5F4552091A69125d5DfCb7b8C2659029395Bdf", false)]
    public void HasValidChecksum_Casing_AcceptsUniformCaseOrCorrectChecksum(string text, bool expected)
    {
        Assert.True(EthAddress.TryParse(text, out var bytes));
        Assert.Equal(expected, EthAddress.HasValidChecksum(text, bytes));
    }

    [Theory]
    [InlineData("7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    [InlineData("0X7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    [InlineData("0x7E5F4552091A69125d5DfCb7b8C2659029395Bd")]
    [InlineData("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdff")]
    [InlineData(null)]
    public void TryParse_Malformed_Fails(string? text) => Assert.False(EthAddress.TryParse(text, out _));
}
