namespace Otr.Protocol.Tests;

/// <summary>Well-known keys with published addresses.</summary>
internal static class TestKeys
{
    /// <summary>Private key 1; its address is published widely.</summary>
    public static byte[] One => Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001");

    public const string OneAddress = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf";

    /// <summary>The key from the Ethereum web3 account docs.</summary>
    public static byte[] Docs => Convert.FromHexString("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");

    public const string DocsAddress = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
}
