using System.Numerics;
using Otr.Protocol;

namespace Otr.Executor.Chain;

/// <summary>An enclave key's registration on ExecutorRegistry.</summary>
/// <param name="Operator">The registering operator.</param>
/// <param name="ModelId">The model the key serves.</param>
/// <param name="Measurement">The attested measurement.</param>
/// <param name="Stake">Stake in wei.</param>
internal sealed record L1Registration(string Operator, Bytes32 ModelId, Bytes32 Measurement, BigInteger Stake);
