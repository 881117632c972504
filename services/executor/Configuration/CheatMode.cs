namespace Otr.Executor.Configuration;

/// <summary>
/// Deliberate misbehaviour for tests and the devnet, so end-to-end tests can show the challenger
/// catching a cheating executor. Never set outside development.
/// </summary>
public enum CheatMode
{
    /// <summary>Honest.</summary>
    None,

    /// <summary>Signs the honest receipt, then returns output tokens and text different from what the receipt commits to.</summary>
    AlterOutputAfterSigning,

    /// <summary>
    /// Runs a different model (demo seed + 1, or the loaded model with perturbed weights) while
    /// claiming and attesting the registered one: traces and outputs differ from honest re-execution.
    /// </summary>
    OtherWeights,

    /// <summary>
    /// Computes honestly but signs (and returns) an output whose last token is not the one it computed. The trace is
    /// honest, so teacher forcing agrees with it; the dispute game's token-mismatch proof exposes it.
    /// </summary>
    AlterOutputBeforeSigning,

    /// <summary>
    /// Signs a trace with one coarse leaf replaced (<see cref="Otr.Executor.Inference.TraceCheat.Index"/>), everything else
    /// honest: bisection narrows to that leaf and the one-step check rules on it.
    /// </summary>
    TamperTraceLeaf,
}
