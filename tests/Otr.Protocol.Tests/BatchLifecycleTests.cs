using Otr.Protocol;
using static Otr.Protocol.BatchState;

namespace Otr.Protocol.Tests;

public class BatchLifecycleTests
{
    private const BatchState X = (BatchState)(-1); // illegal

    // Columns in BatchEvent order: Submitted, Dropped, Posted, Reorged, WindowElapsed, Finalized
    private static readonly Dictionary<BatchState, BatchState[]> Expected = new()
    {
        [Pending] = [Posting, X, Posted, X, X, X],
        [Posting] = [Posting, Pending, Posted, X, X, X],
        [Posted] = [X, X, X, Posting, Final, Final],
        [Final] = [X, X, X, X, Final, Final],
    };

    public static TheoryData<BatchState, BatchEvent> AllPairs()
    {
        var data = new TheoryData<BatchState, BatchEvent>();
        foreach (var state in Enum.GetValues<BatchState>())
        {
            foreach (var @event in Enum.GetValues<BatchEvent>())
            {
                data.Add(state, @event);
            }
        }

        return data;
    }

    [Fact]
    public void ExpectedMatrix_CoversEveryStateAndEvent()
    {
        Assert.Equal(Enum.GetValues<BatchState>().Order(), Expected.Keys.Order());
        Assert.All(Expected.Values, row => Assert.Equal(Enum.GetValues<BatchEvent>().Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void TryApply_EveryStateAndEvent_MatchesTheMatrix(BatchState state, BatchEvent @event)
    {
        var expected = Expected[state][(int)@event];
        var legal = BatchLifecycle.TryApply(state, @event, out var next);
        Assert.Equal(expected != X, legal);
        if (legal)
        {
            Assert.Equal(expected, next);
        }
    }

    [Fact]
    public void Table_TerminalStates_AreFinal() => Assert.Equal([Final], BatchLifecycle.Table.TerminalStates());

    [Fact]
    public void Apply_IllegalEvent_ThrowsNamingStateAndEvent()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BatchLifecycle.Table.Apply(Final, BatchEvent.Dropped));
        Assert.Equal("BatchEvent.Dropped is not legal in BatchState.Final", error.Message);
    }
}
