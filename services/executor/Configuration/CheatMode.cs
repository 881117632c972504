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
}
