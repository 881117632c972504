using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>The challenger's own copy of one model, run deterministically to re-execute receipts.</summary>
public interface IReexecutor
{
    /// <summary>Model name, e.g. <c>otr-demo-q8</c>.</summary>
    string ModelName { get; }

    /// <summary><c>keccak(utf8(ModelName))</c>.</summary>
    Bytes32 ModelId { get; }

    /// <summary>Weights root of the loaded model file, checked against L1 before any receipt is judged.</summary>
    Bytes32 WeightsRoot { get; }

    /// <summary>Runs the prompt with the parameters and returns the tokens and the full coarse trace.</summary>
    Reexecution Run(string prompt, DecodingParams parameters, CancellationToken cancellationToken);
}
