using Otr.Chain.Contracts;
using Otr.Executor.Configuration;
using Otr.Executor.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.Executor.Disputes;

/// <summary>
/// The trace this executor signed for a disputed request, rebuilt from the game's opening: teacher forcing on the
/// receipt's prompt and output with the model the engine runs (the registered one, unless cheating with other
/// weights), the signed leaf replaced when cheating with a tampered leaf. An honest executor's rebuilt trace is
/// exactly the signed one, because the signed trace is a pure function of (model, prompt, output, parameters).
/// </summary>
internal static class DefenseTrace
{
    public static Q8DisputeTrace Build(Hosting.ExecutorRuntime.ReadyState state, CheatMode cheat, DisputeOpenRequest opening)
    {
        var output = opening.OutputTokens.Select(t => (int)t).ToArray();
        var trace = Q8DisputeTrace.Replay(state.Engine, opening.PromptText, output, opening.Parameters, state.Model.Claimed);
        if (cheat != CheatMode.TamperTraceLeaf)
        {
            return trace;
        }

        var index = (ulong)TraceCheat.Index(state.Model.Executed.Config);
        return index >= trace.CoarseLength
            ? trace
            : Q8DisputeTrace.Replay(
                state.Engine, opening.PromptText, output, opening.Parameters, state.Model.Claimed,
                new Dictionary<ulong, Bytes32> { [index] = TraceCheat.Tamper(trace.CoarseLeaf(index)) });
    }
}
