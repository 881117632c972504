using Otr.Executor.Configuration;
using Otr.Inference;

namespace Otr.Executor.Inference;

/// <summary>Creates the engine the options name for a model.</summary>
internal static class EngineFactory
{
    public static IQ8Engine Create(Q8Model model, EngineKind kind) => kind switch
    {
        EngineKind.Onnx => new OnnxQ8Engine(model),
        EngineKind.Reference => new ReferenceInterpreter(model),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown engine"),
    };
}
