namespace Otr.Challenger;

/// <summary>Which q8-exact implementation re-executes receipts (both are bit-identical by the differential tests).</summary>
public enum ChallengerEngine
{
    /// <summary>ONNX Runtime (CPU), the production engine.</summary>
    Onnx,

    /// <summary>The plain C# reference interpreter (slower; for cross-checking).</summary>
    Reference,
}
