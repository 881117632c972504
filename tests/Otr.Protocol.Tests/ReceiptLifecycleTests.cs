using Otr.Protocol;
using static Otr.Protocol.ReceiptState;

namespace Otr.Protocol.Tests;

public class ReceiptLifecycleTests
{
    private const ReceiptState X = (ReceiptState)(-1); // illegal

    // The whole matrix, written out independently of the implementation. Columns in ReceiptEvent order:
    // BatchSubmitted, BatchDropped, BatchPosted, BatchReorged, DisputeOpened, WindowElapsed, BatchFinalized, DisputeWonByExecutor, DisputeLostByExecutor
    private static readonly Dictionary<ReceiptState, ReceiptState[]> Expected = new()
    {
        [Provisional] = [Posted, X, Challengeable, X, X, X, X, X, X],
        [Posted] = [Posted, Provisional, Challengeable, X, X, X, X, X, X],
        [Challengeable] = [X, X, X, Posted, Disputed, Final, Final, X, X],
        [Disputed] = [X, X, X, X, X, Disputed, Disputed, Final, Invalidated],
        [Final] = [X, X, X, X, X, Final, Final, X, X],
        [Invalidated] = [X, X, X, X, X, Invalidated, Invalidated, X, X],
    };

    public static TheoryData<ReceiptState, ReceiptEvent> AllPairs()
    {
        var data = new TheoryData<ReceiptState, ReceiptEvent>();
        foreach (var state in Enum.GetValues<ReceiptState>())
        {
            foreach (var @event in Enum.GetValues<ReceiptEvent>())
            {
                data.Add(state, @event);
            }
        }

        return data;
    }

    [Fact]
    public void ExpectedMatrix_CoversEveryStateAndEvent()
    {
        Assert.Equal(Enum.GetValues<ReceiptState>().Order(), Expected.Keys.Order());
        Assert.All(Expected.Values, row => Assert.Equal(Enum.GetValues<ReceiptEvent>().Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void TryApply_EveryStateAndEvent_MatchesTheMatrix(ReceiptState state, ReceiptEvent @event)
    {
        var expected = Expected[state][(int)@event];
        var legal = ReceiptLifecycle.TryApply(state, @event, out var next);
        Assert.Equal(expected != X, legal);
        if (legal)
        {
            Assert.Equal(expected, next);
        }
    }

    [Fact]
    public void Table_Initial_IsProvisional() => Assert.Equal(Provisional, ReceiptLifecycle.Table.Initial);

    [Fact]
    public void Table_TerminalStates_AreFinalAndInvalidated() =>
        Assert.Equal([Final, Invalidated], ReceiptLifecycle.Table.TerminalStates());

    [Fact]
    public void Table_HappyPath_ReachesFinal()
    {
        var state = ReceiptLifecycle.Table.Initial;
        foreach (var e in new[] { ReceiptEvent.BatchSubmitted, ReceiptEvent.BatchPosted, ReceiptEvent.WindowElapsed })
        {
            state = ReceiptLifecycle.Table.Apply(state, e);
        }

        Assert.Equal(Final, state);
    }

    [Fact]
    public void Table_EveryState_IsReachableFromInitial()
    {
        var reached = new HashSet<ReceiptState> { ReceiptLifecycle.Table.Initial };
        var grew = true;
        while (grew)
        {
            grew = ReceiptLifecycle.Table.Transitions.Where(t => reached.Contains(t.From)).Aggregate(false, (g, t) => reached.Add(t.To) | g);
        }

        Assert.Equal(Enum.GetValues<ReceiptState>().Length, reached.Count);
    }
}
