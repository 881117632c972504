using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Inference;

/// <summary>
/// <c>Cheat = TamperTraceLeaf</c>: which coarse leaf is replaced and by what. The leaf of step 1 at position 2
/// (index <c>2(L + 1) + 1</c>; every trace of at least three processed positions has it), replaced by
/// <c>keccak("otr-cheat" ‖ leaf)</c>. Deterministic, so the cheater can defend the trace it signed.
/// </summary>
public static class TraceCheat
{
    /// <summary>The index of the replaced leaf in a model with <paramref name="config"/>.</summary>
    public static long Index(Q8ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (2L * (config.Layers + 1)) + 1;
    }

    /// <summary>The leaf signed in place of <paramref name="honest"/>.</summary>
    public static Bytes32 Tamper(Bytes32 honest)
    {
        var bytes = new byte[9 + 32];
        "otr-cheat"u8.CopyTo(bytes);
        honest.Span.CopyTo(bytes.AsSpan(9));
        return Keccak.Hash(bytes);
    }
}
