using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>An enclave key's registration as far as fees care: who operates it and which model it serves.</summary>
/// <param name="Operator">The operator account.</param>
/// <param name="ModelId">The model the key is registered for.</param>
public sealed record ExecutorOperator(string Operator, Bytes32 ModelId);
