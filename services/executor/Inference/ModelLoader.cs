using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Inference;

namespace Otr.Executor.Inference;

/// <summary>Loads the model named by the options, and for <see cref="CheatMode.OtherWeights"/> the different model that is really run.</summary>
internal static class ModelLoader
{
    public static ServedModel Load(ExecutorOptions options)
    {
        Q8Model claimed;
        if (options.DemoSeed is { } seed)
        {
            claimed = DemoModelFactory.Create(seed);
        }
        else
        {
            try
            {
                claimed = Q8Model.Load(options.ModelPath!);
            }
            catch (Exception e) when (e is Q8ModelFormatException or IOException or UnauthorizedAccessException)
            {
                throw new ExecutorStartupException($"cannot load the model file '{options.ModelPath}': {e.Message}", e);
            }
        }

        var name = string.IsNullOrEmpty(options.ModelName) ? claimed.Name : options.ModelName;
        var executed = options.Cheat == CheatMode.OtherWeights ? OtherWeights(claimed, options.DemoSeed) : claimed;
        return new ServedModel(claimed, executed, name);
    }

    /// <summary>
    /// A model that differs from <paramref name="claimed"/> at every position: the demo model of the
    /// next seed, or for a model file the same model with every position embedding moved by one.
    /// </summary>
    internal static Q8Model OtherWeights(Q8Model claimed, int? demoSeed)
    {
        if (demoSeed is { } seed)
        {
            return DemoModelFactory.Create(unchecked(seed + 1), claimed.Name);
        }

        var positions = claimed.Tensor("pos_emb");
        var data = positions.Int8.ToArray();
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = data[i] == sbyte.MaxValue ? (sbyte)(sbyte.MaxValue - 1) : (sbyte)(data[i] + 1);
        }

        return claimed.WithTensor(Q8Tensor.FromInt8(positions.Name, positions.Shape, data));
    }
}
