namespace Otr.Executor.Configuration;

/// <summary>Which q8-exact engine runs inference. Both give the same bits; ONNX Runtime is the production path.</summary>
public enum EngineKind
{
    /// <summary>ONNX Runtime (CPU) running the integer-only graph.</summary>
    Onnx,

    /// <summary>The plain C# reference interpreter (slow; for debugging).</summary>
    Reference,
}
