namespace Otr.Protocol.Dispute;

/// <summary>
/// Where the solver gets verifier witnesses from (the agent supplies them; they open model rows, tables and
/// earlier leaves, which the solver does not know about).
/// </summary>
/// <param name="Step">The one-step witness for fine leaf <see cref="DisputeStepContext.FineIndex"/>.</param>
/// <param name="FineLength">The witness for the verifier's fineLength of coarse step <see cref="DisputeStepContext.CoarseIndex"/>.</param>
/// <param name="TraceLength">The witness for the verifier's expectedTraceLength of the game's request.</param>
/// <param name="EosToken">The model's EOS id when known (enables the output-after-EOS proof).</param>
/// <param name="Eos">The witness for the verifier's eosToken.</param>
public sealed record DisputeWitnesses(
    Func<DisputeStepContext, byte[]> Step,
    Func<DisputeStepContext, byte[]> FineLength,
    Func<DisputeGameState, byte[]> TraceLength,
    uint? EosToken = null,
    Func<DisputeGameState, byte[]>? Eos = null);
