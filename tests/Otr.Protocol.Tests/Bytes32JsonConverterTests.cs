using System.Text.Json;

namespace Otr.Protocol.Tests;

public class Bytes32JsonConverterTests
{
    private sealed record Holder(Bytes32 Root);

    [Fact]
    public void Serialize_Bytes32Property_WritesHexAndReadsBack()
    {
        var root = Keccak.HashUtf8("otr");
        var json = JsonSerializer.Serialize(new Holder(root));
        Assert.Equal($$"""{"Root":"{{root}}"}""", json);
        Assert.Equal(root, JsonSerializer.Deserialize<Holder>(json)!.Root);
    }

    [Theory]
    [InlineData("""{"Root":"0x1234"}""")]
    [InlineData("""{"Root":12}""")]
    public void Deserialize_NotA32ByteHexString_Throws(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>(json));
}
