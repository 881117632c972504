using Otr.Inference;

namespace Otr.Executor.Inference;

/// <summary>Chooses the engine that runs the model.</summary>
internal static class EngineFactory
{
    public static IQ8Engine Create(Q8Model model) => new ReferenceInterpreter(model);
}
