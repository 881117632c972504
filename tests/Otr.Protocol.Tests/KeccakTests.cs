using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class KeccakTests
{
    [Fact]
    public void Hash_EmptyInput_MatchesEthereumConstant() =>
        Assert.Equal(
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            Keccak.Hash(ReadOnlySpan<byte>.Empty).ToString());
}
