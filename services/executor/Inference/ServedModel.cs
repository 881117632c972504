using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Inference;

/// <summary>
/// The model this executor claims (name, id, weights root — what it attests and signs for) and
/// the model it actually runs. They are the same object unless <c>Cheat = OtherWeights</c>.
/// </summary>
/// <param name="Claimed">The model whose weights root is attested and checked against L1.</param>
/// <param name="Executed">The model the engine runs.</param>
/// <param name="Name">The served model name (requests must name it).</param>
internal sealed record ServedModel(Q8Model Claimed, Q8Model Executed, string Name)
{
    /// <summary><c>keccak(utf8(Name))</c>.</summary>
    public Bytes32 ModelId { get; } = ReceiptFields.ModelId(Name);

    /// <summary>The claimed model's weights root.</summary>
    public Bytes32 WeightsRoot => Claimed.WeightsRoot;

    /// <summary>The executed model's context length.</summary>
    public int ContextLength => Executed.Config.ContextLength;
}
