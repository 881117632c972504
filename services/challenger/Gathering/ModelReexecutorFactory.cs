using Otr.Inference;

namespace Otr.Challenger;

/// <summary>Loads the configured model and opens the configured engine on it.</summary>
internal static class ModelReexecutorFactory
{
    public static Q8Reexecutor Create(ChallengerOptions options)
    {
        Q8Model model;
        if (options.DemoSeed is { } seed)
        {
            model = DemoModelFactory.Create(seed);
        }
        else if (!string.IsNullOrEmpty(options.ModelPath))
        {
            try
            {
                model = Q8Model.Load(options.ModelPath);
            }
            catch (Exception e) when (e is Q8ModelFormatException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"challenger cannot load the model file '{options.ModelPath}': {e.Message}", e);
            }
        }
        else
        {
            throw new InvalidOperationException(
                $"challenger has no model: set {ChallengerOptions.SectionName}:ModelPath (a .q8 file) or {ChallengerOptions.SectionName}:DemoSeed");
        }

        IQ8Engine engine = options.Engine == ChallengerEngine.Reference ? new ReferenceInterpreter(model) : new OnnxQ8Engine(model);
        return new Q8Reexecutor(engine, ownsEngine: true);
    }
}
