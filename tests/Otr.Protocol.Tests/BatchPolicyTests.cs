using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class BatchPolicyTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0, 0, 0, null)]
    [InlineData(0, 99, 0, null)]
    [InlineData(3, 2, 0, 8)]
    [InlineData(3, 10, 3, null)]
    [InlineData(3, 11, 3, null)]
    [InlineData(100, 0, 100, null)]
    [InlineData(250, 0, 100, null)]
    [InlineData(250, 30, 100, null)]
    [InlineData(1, -5, 0, 10)]
    public void Decide_PendingAndAge_CutsOrWaits(int pending, int ageSeconds, int expectedCount, int? expectedRecheckSeconds)
    {
        var decision = BatchPolicy.Decide(pending, TimeSpan.FromSeconds(ageSeconds), 100, MaxAge);
        Assert.Equal(expectedCount, decision.Count);
        Assert.Equal(expectedCount > 0, decision.CutNow);
        Assert.Equal(expectedRecheckSeconds is { } s ? TimeSpan.FromSeconds(s) : null, decision.RecheckAfter);
    }

    [Fact]
    public void Decide_ZeroMaxAge_CutsAtOnce() =>
        Assert.Equal(1, BatchPolicy.Decide(1, TimeSpan.Zero, 100, TimeSpan.Zero).Count);

    [Fact]
    public void Decide_Backlog_DrainsInFullBatches()
    {
        var pending = 250;
        var cuts = new List<int>();
        while (BatchPolicy.Decide(pending, TimeSpan.FromSeconds(60), 100, MaxAge) is { CutNow: true } decision)
        {
            cuts.Add(decision.Count);
            pending -= decision.Count;
        }

        Assert.Equal([100, 100, 50], cuts);
    }

    [Theory]
    [InlineData(-1, 100, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 100, -1)]
    public void Decide_InvalidArguments_Throw(int pending, int maxSize, int maxAgeSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchPolicy.Decide(pending, TimeSpan.Zero, maxSize, TimeSpan.FromSeconds(maxAgeSeconds)));
}
