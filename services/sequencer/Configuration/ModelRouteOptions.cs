namespace Otr.Sequencer.Configuration;

/// <summary>One registered model and the executors that serve it.</summary>
public sealed class ModelRouteOptions
{
    /// <summary>Model name as clients send it, e.g. <c>otr-demo-q8</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Base URLs of the executors serving the model, e.g. <c>http://127.0.0.1:8081</c>.</summary>
    public IList<string> Executors { get; } = [];
}
