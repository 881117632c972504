using Otr.Operator.Runtime;

namespace Otr.Operator.Tests;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task DuplicateKeys_AreQueuedOnce()
    {
        using var q = new WorkQueue(Base, Max);
        q.Add("a");
        q.Add("a");
        q.Add("b");
        Assert.Equal(2, q.Count);
        Assert.Equal("a", await q.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal("b", await q.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public async Task KeyAddedWhileProcessing_IsRequeuedAfterDone_NotHandedToASecondWorker()
    {
        using var q = new WorkQueue(Base, Max);
        q.Add("a");
        var key = await q.TakeAsync(TestContext.Current.CancellationToken);
        q.Add("a");
        Assert.Equal(0, q.Count);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.TakeAsync(cts.Token));
        q.Done(key);
        Assert.Equal(1, q.Count);
        Assert.Equal("a", await q.TakeAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(7, 640)]
    [InlineData(8, 1000)]
    [InlineData(60, 1000)]
    public void Backoff_DoublesPerFailure_UpToTheCap(int failures, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), WorkQueue.Backoff(failures, Base, Max));

    [Fact]
    public async Task RateLimited_CountsFailuresPerKey_UntilForget()
    {
        using var q = new WorkQueue(Base, Max);
        Assert.Equal(Base, q.AddRateLimited("a"));
        Assert.Equal(Base * 2, q.AddRateLimited("a"));
        Assert.Equal(Base, q.AddRateLimited("b"));
        Assert.Equal(2, q.Failures("a"));
        q.Forget("a");
        Assert.Equal(0, q.Failures("a"));
        Assert.Equal(Base, q.AddRateLimited("a"));
        var taken = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (taken.Count < 2)
        {
            var key = await q.TakeAsync(cts.Token);
            taken.Add(key);
            q.Done(key);
        }

        Assert.Equal(["a", "b"], taken.Order());
    }

    [Fact]
    public async Task AddAfter_WaitsTheDelay()
    {
        using var q = new WorkQueue(Base, Max);
        var started = DateTime.UtcNow;
        q.AddAfter("later", TimeSpan.FromMilliseconds(150));
        Assert.Equal(0, q.Count);
        Assert.Equal("later", await q.TakeAsync(TestContext.Current.CancellationToken));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(140));
    }

    [Fact]
    public async Task ShutDown_CancelsWaitingTakes()
    {
        using var q = new WorkQueue(Base, Max);
        var take = q.TakeAsync(TestContext.Current.CancellationToken);
        q.ShutDown();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);
        q.Add("ignored");
        Assert.Equal(0, q.Count);
    }
}
