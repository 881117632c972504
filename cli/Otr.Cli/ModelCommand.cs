using System.CommandLine;
using Otr.Inference;

namespace Otr.Cli;

/// <summary><c>otr model build</c>: writes the deterministic demo q8-exact model and prints its commitments.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Model file to write", DefaultValueFactory = _ => DemoModelFactory.DefaultName + ".q8" };
        var seed = new Option<int>("--seed") { Description = "Demo model seed (another seed gives other weights)", DefaultValueFactory = _ => DemoModelFactory.DefaultSeed };
        var onnx = new Option<string?>("--onnx") { Description = "Also write the ONNX graph here" };
        var build = new Command("build", "Build the demo q8-exact model deterministically") { output, seed, onnx };
        build.SetAction(parse =>
        {
            var model = DemoModelFactory.Create(parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            model.Save(path);
            if (parse.GetValue(onnx) is { } onnxPath)
            {
                using var engine = new OnnxQ8Engine(model);
                engine.SaveOnnx(onnxPath);
            }

            Console.WriteLine($"""
                wrote {path}
                  model           {model.Name}
                  modelId         {model.ModelId}
                  weightsRoot     {model.WeightsRoot}
                  tokenizerDigest {model.TokenizerDigest}
                """);
            return 0;
        });
        return new Command("model", "Model files and commitments") { build };
    }
}
