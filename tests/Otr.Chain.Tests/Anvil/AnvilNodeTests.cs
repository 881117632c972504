using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Otr.Chain.Anvil;

namespace Otr.Chain.Tests.Anvil;

public sealed class AnvilNodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_Defaults_AnswersChainIdAndListsDevKeys()
    {
        await using var node = await AnvilNode.StartAsync(ct: Ct);

        Assert.Equal(31337UL, node.ChainId);
        Assert.StartsWith("http://127.0.0.1:", node.RpcUrl, StringComparison.Ordinal);
        Assert.Equal(10, node.DevPrivateKeys.Count);
        Assert.Equal("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", node.DevPrivateKeys[0]);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", node.DevAddresses[0]);
        var result = await node.RpcAsync("eth_chainId", [], Ct);
        Assert.Equal("0x7a69", result.GetString());
    }

    [Fact]
    public async Task StartAsync_CustomChainIdAndAccounts_Applied()
    {
        await using var node = await AnvilNode.StartAsync(new AnvilOptions { ChainId = 900, Accounts = 12 }, Ct);

        Assert.Equal(900UL, node.ChainId);
        Assert.Equal(12, node.DevPrivateKeys.Count);
        Assert.Equal(12, node.DevPrivateKeys.Distinct().Count());
    }

    [Fact]
    public async Task StartAsync_PortBusy_ThrowsClearError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var e = await Assert.ThrowsAsync<AnvilException>(() => AnvilNode.StartAsync(new AnvilOptions { Port = port }, Ct));

        Assert.Contains("already in use", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BinaryMissing_TellsToRunSetup()
    {
        var options = new AnvilOptions { AnvilPath = Path.Combine(Path.GetTempPath(), "no-such-dir", "anvil") };

        var e = await Assert.ThrowsAsync<AnvilException>(() => AnvilNode.StartAsync(options, Ct));

        Assert.Contains("tools/setup.sh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoRepositoryAbove_TellsToRunSetup()
    {
        var options = new AnvilOptions { SearchStartDirectory = Path.GetTempPath() };

        var e = await Assert.ThrowsAsync<AnvilException>(() => AnvilNode.StartAsync(options, Ct));

        Assert.Contains("Otr.sln", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MineAndIncreaseTime_AdvanceBlockAndTimestamp()
    {
        await using var node = await AnvilNode.StartAsync(ct: Ct);
        var before = await LatestBlockAsync(node);

        await node.IncreaseTimeAsync(3600, Ct);
        await node.MineAsync(ct: Ct);
        await node.MineAsync(5, Ct);

        var after = await LatestBlockAsync(node);
        Assert.Equal(before.Number + 6, after.Number);
        Assert.True(after.Timestamp >= before.Timestamp + 3600);
    }

    [Fact]
    public async Task StatePath_RestartedNode_KeepsChain()
    {
        var dir = Directory.CreateTempSubdirectory("otr-anvil-");
        try
        {
            var options = new AnvilOptions { StatePath = Path.Combine(dir.FullName, "state.json") };
            await using (var first = await AnvilNode.StartAsync(options, Ct))
                await first.MineAsync(7, Ct);

            await using var second = await AnvilNode.StartAsync(options, Ct);
            var block = await LatestBlockAsync(second);
            Assert.Equal(7UL, block.Number);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DisposeAsync_StopsProcess()
    {
        var node = await AnvilNode.StartAsync(ct: Ct);
        var pid = node.ProcessId;

        await node.DisposeAsync();

        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }

    private static async Task<(ulong Number, ulong Timestamp)> LatestBlockAsync(AnvilNode node)
    {
        var block = await node.RpcAsync("eth_getBlockByNumber", ["latest", false], Ct);
        static ulong Hex(string s) => ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (Hex(block.GetProperty("number").GetString()!), Hex(block.GetProperty("timestamp").GetString()!));
    }
}
