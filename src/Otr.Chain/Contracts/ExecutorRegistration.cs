using System.Numerics;
using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>An enclave key's registration as <c>ExecutorRegistry.registrationOf</c> returns it.</summary>
/// <param name="EnclaveKey">The enclave key's address.</param>
/// <param name="Operator">The account that registered it and owns its stake.</param>
/// <param name="ModelId">The model the key serves.</param>
/// <param name="Measurement">The attested executor image measurement.</param>
/// <param name="Stake">Stake in wei.</param>
/// <param name="RegisteredAt">Block timestamp (unix seconds) of the registration.</param>
public sealed record ExecutorRegistration(string EnclaveKey, string Operator, Bytes32 ModelId, Bytes32 Measurement, BigInteger Stake, ulong RegisteredAt);
