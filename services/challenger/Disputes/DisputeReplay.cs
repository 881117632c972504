using Otr.Protocol;
using Otr.Protocol.Dispute;

namespace Otr.Challenger;

/// <summary>Our teacher-forced trace of a disputed request, with the verifier witnesses for it.</summary>
/// <param name="Trace">The trace the solver plays with.</param>
/// <param name="Witnesses">Witnesses for the one-step verifier.</param>
/// <param name="Computed">The tokens our model emits at each output position (the honest output).</param>
public sealed record DisputeReplay(IDisputeTrace Trace, DisputeWitnesses Witnesses, IReadOnlyList<int> Computed)
{
    /// <summary>Our prefix root over the whole trace.</summary>
    public Bytes32 Root => Trace.CoarseRoot(Trace.CoarseLength);
}

/// <summary>Replays a request under teacher forcing on the challenger's model (what a dispute is about).</summary>
public interface IDisputeReplayer
{
    /// <summary>Replays <paramref name="prompt"/> ‖ <paramref name="outputTokens"/>; throws <see cref="ArgumentException"/> when the model refuses the inputs.</summary>
    DisputeReplay Replay(string prompt, IReadOnlyList<int> outputTokens, DecodingParams parameters, CancellationToken cancellationToken);
}
