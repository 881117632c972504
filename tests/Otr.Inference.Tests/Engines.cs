using Otr.Inference;

namespace Otr.Inference.Tests;

/// <summary>Models and engines shared by the tests (ONNX Runtime sessions are built once per process).</summary>
internal static class Engines
{
    public static Q8Model Demo { get; } = DemoModelFactory.Create();

    /// <summary>A small model (D = 32, 2 heads, 2 layers, context 24) for quick context-limit tests.</summary>
    public static Q8Model Small { get; } = DemoModelFactory.Create(
        5,
        DemoModelFactory.DemoConfig with { Dim = 32, Heads = 2, Layers = 2, MlpDim = 64, ContextLength = 24 },
        "otr-small-q8");

    public static OnnxQ8Engine DemoOnnx => DemoOnnxLazy.Value;

    private static Lazy<OnnxQ8Engine> DemoOnnxLazy { get; } = new(() => new OnnxQ8Engine(Demo));

    private static Lazy<OnnxQ8Engine> SmallOnnxLazy { get; } = new(() => new OnnxQ8Engine(Small));

    public static OnnxQ8Engine SmallOnnx => SmallOnnxLazy.Value;

    /// <summary>The model with the EOS logit bias set to <paramref name="bias"/>.</summary>
    public static Q8Model WithEosBias(Q8Model model, int bias) =>
        model.WithTensor(model.Tensor("head_bias").WithElement(model.Config.EosToken, bias));

    public static IQ8Engine Create(string kind, Q8Model model) => kind switch
    {
        "reference" => new ReferenceInterpreter(model),
        "onnx" => new OnnxQ8Engine(model),
        _ => throw new ArgumentException(kind),
    };
}
