namespace Otr.Protocol.Dispute;

/// <summary>
/// Where the solver gets verifier witnesses from (the agent supplies them; they open model rows, tables and
/// earlier leaves, which the solver does not know about).
/// </summary>
/// <param name="Step">The one-step witness for fine leaf <see cref="DisputeStepContext.FineIndex"/>.</param>
/// <param name="FineLength">The witness for the verifier's fineLength of coarse step <see cref="DisputeStepContext.CoarseIndex"/>.</param>
/// <param name="TraceLength">The witness for the verifier's expectedTraceLength of the game's request.</param>
public sealed record DisputeWitnesses(
    Func<DisputeStepContext, byte[]> Step,
    Func<DisputeStepContext, byte[]> FineLength,
    Func<DisputeGameState, byte[]> TraceLength);
