using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

public sealed class RevertDecoderTests
{
    [Fact]
    public void Decode_ErrorString_ReturnsReason()
    {
        // Error("no") as Solidity encodes it.
        var data = "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "6e6f000000000000000000000000000000000000000000000000000000000000";

        var info = new RevertDecoder().Decode(data);

        Assert.Equal("Error(string)", info.ErrorName);
        Assert.Equal("no", info.Reason);
        Assert.Equal("Error(\"no\")", info.ToString());
    }

    [Fact]
    public void Decode_Panic_ReturnsCode()
    {
        var info = new RevertDecoder().Decode("0x4e487b71" + new string('0', 62) + "11");

        Assert.Equal(0x11, info.PanicCode);
        Assert.Equal("Panic(0x11)", info.ToString());
    }

    [Fact]
    public void Decode_KnownCustomError_NamedWithRawData()
    {
        var selector = RevertDecoder.SelectorOf("BatchAlreadyPosted(uint256)");
        var decoder = new RevertDecoder(["BatchAlreadyPosted(uint256)"]);

        var info = decoder.Decode(selector + new string('0', 63) + "7");

        Assert.Equal(selector, info.Selector);
        Assert.Equal("BatchAlreadyPosted(uint256)", info.ErrorName);
        Assert.Contains("BatchAlreadyPosted(uint256)", info.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoData_KeepsNodeMessage()
    {
        var info = new RevertDecoder().Decode("0x", "execution reverted");

        Assert.Null(info.Selector);
        Assert.Equal("execution reverted", info.Reason);
    }

    [Fact]
    public void SelectorOf_ErrorString_IsWellKnown()
    {
        Assert.Equal("0x08c379a0", RevertDecoder.SelectorOf("Error(string)"));
    }
}
