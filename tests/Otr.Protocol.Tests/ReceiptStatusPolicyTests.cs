using Otr.Protocol;
using static Otr.Protocol.ReceiptDispute;

namespace Otr.Protocol.Tests;

public class ReceiptStatusPolicyTests
{
    private const ulong PostedAt = 1_000;
    private const ulong Window = 600;

    public static TheoryData<BatchState, ulong, ReceiptDispute, ReceiptState> Cases => new()
    {
        { BatchState.Pending, 0, None, ReceiptState.Provisional },
        { BatchState.Posting, 0, None, ReceiptState.Posted },
        { BatchState.Posted, PostedAt, None, ReceiptState.Challengeable },
        { BatchState.Posted, PostedAt + Window - 1, None, ReceiptState.Challengeable },
        { BatchState.Posted, PostedAt + Window, None, ReceiptState.Final },
        { BatchState.Posted, PostedAt + Window - 1, Open, ReceiptState.Disputed },
        { BatchState.Posted, PostedAt + Window + 5, Open, ReceiptState.Disputed },
        { BatchState.Posted, PostedAt + 1, ExecutorWon, ReceiptState.Final },
        { BatchState.Posted, PostedAt + 1, ExecutorLost, ReceiptState.Invalidated },
        { BatchState.Final, PostedAt + Window, None, ReceiptState.Final },
        { BatchState.Final, PostedAt + Window, Open, ReceiptState.Disputed },
        { BatchState.Final, PostedAt + Window, ExecutorLost, ReceiptState.Invalidated },
        { BatchState.Final, PostedAt + Window, ExecutorWon, ReceiptState.Final },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Facts_GivesState(BatchState batch, ulong now, ReceiptDispute dispute, ReceiptState expected) =>
        Assert.Equal(expected, ReceiptStatusPolicy.Evaluate(new ReceiptFacts(batch, PostedAt, Window, now, dispute)));

    [Theory]
    [InlineData(BatchState.Pending, Open)]
    [InlineData(BatchState.Posting, ExecutorLost)]
    [InlineData(BatchState.Pending, ExecutorWon)]
    public void Evaluate_DisputeOnReceiptNotOnL1_Throws(BatchState batch, ReceiptDispute dispute) =>
        Assert.Throws<ArgumentException>(() => ReceiptStatusPolicy.Evaluate(new ReceiptFacts(batch, 0, Window, 0, dispute)));

    [Fact]
    public void IsWindowOpen_WindowEndPastUInt64_StaysOpen() =>
        Assert.True(ReceiptStatusPolicy.IsWindowOpen(ulong.MaxValue - 10, 100, ulong.MaxValue));

    [Fact]
    public void IsWindowOpen_ZeroWindow_IsClosedAtPosting() =>
        Assert.False(ReceiptStatusPolicy.IsWindowOpen(PostedAt, 0, PostedAt));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_AnyFacts_GivesAStateTheLifecycleCanReach(BatchState batch, ulong now, ReceiptDispute dispute, ReceiptState _)
    {
        var state = ReceiptStatusPolicy.Evaluate(new ReceiptFacts(batch, PostedAt, Window, now, dispute));
        Assert.True(state == ReceiptLifecycle.Table.Initial || ReceiptLifecycle.Table.Transitions.Any(t => t.To == state));
    }
}
