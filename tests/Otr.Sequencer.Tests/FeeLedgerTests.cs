using System.Numerics;
using System.Text;
using Otr.Protocol;
using Otr.Sequencer.Fees;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

/// <summary>The fee ledger on disk: one line per digest, reopened without double counting, torn tail cut.</summary>
public sealed class FeeLedgerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);

    [Fact]
    public void Record_SameDigestTwiceAndAfterReopen_CountsOnce()
    {
        using var dir = new TempDirectory();
        var big = BigInteger.Pow(10, 30);
        using (var ledger = new FeeLedger(dir.Path))
        {
            Assert.True(ledger.Record(Line(1, 10, big)));
            Assert.False(ledger.Record(Line(1, 10, big)));
            Assert.True(ledger.Record(Line(2, 5, 50)));
        }

        using var reopened = new FeeLedger(dir.Path);
        Assert.Equal(0, reopened.TornBytes);
        Assert.Equal(2, reopened.Count);
        Assert.False(reopened.Record(Line(2, 5, 50)));
        var total = Assert.Single(reopened.Totals());
        Assert.Equal((2L, 15L, big + 50), (total.Receipts, total.Tokens, total.Wei));
        Assert.Equal(2, File.ReadAllLines(reopened.Path).Length);
        Assert.Contains($"\"wei\":\"{big}\"", File.ReadAllText(reopened.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TornTail_CutAndTheWholeLinesKept()
    {
        using var dir = new TempDirectory();
        using (var ledger = new FeeLedger(dir.Path))
        {
            ledger.Record(Line(1, 3, 30));
        }

        var path = Path.Combine(dir.Path, FeeLedger.FileName);
        File.AppendAllText(path, "{\"digest\":\"0x12", Encoding.UTF8);

        using var reopened = new FeeLedger(dir.Path);
        Assert.True(reopened.TornBytes > 0);
        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.Record(Line(2, 1, 10)));
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Open_CorruptLineBeforeGoodOnes_RefusesNamingTheLine()
    {
        using var dir = new TempDirectory();
        using (var ledger = new FeeLedger(dir.Path))
        {
            ledger.Record(Line(1, 3, 30));
            ledger.Record(Line(2, 3, 30));
        }

        var path = Path.Combine(dir.Path, FeeLedger.FileName);
        var lines = File.ReadAllLines(path);
        lines[0] = lines[0].Replace("\"wei\":\"30\"", "\"wei\":\"thirty\"", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<InvalidDataException>(() => new FeeLedger(dir.Path));
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    private static FeeLine Line(int n, long tokens, BigInteger wei) => new(
        Keccak.HashUtf8("receipt " + n), "otr-demo-q8", "0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222", tokens, 10, wei, Now);
}
