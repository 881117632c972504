using System.Numerics;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// The statement a TEE report commits to for an executor registration: the enclave key, the
/// weights root of the loaded model and a registration nonce. Its 64-byte form (the size of the
/// report-data field of TDX, SGX and SEV-SNP reports) is
/// <c>keccak256(abi.encode(address enclaveAddress, bytes32 weightsRoot, uint256 registrationNonce))</c>
/// followed by 32 zero bytes.
/// </summary>
/// <param name="EnclaveAddress">The enclave key's Ethereum address.</param>
/// <param name="WeightsRoot">Weights root of the model the enclave loaded.</param>
/// <param name="RegistrationNonce">
/// Freshness value chosen by the registering party (the executor uses the operator account's
/// transaction count at registration, or 0 without L1).
/// </param>
public sealed record ReportData(string EnclaveAddress, Bytes32 WeightsRoot, BigInteger RegistrationNonce)
{
    /// <summary>Length of the report-data field.</summary>
    public const int Length = 64;

    /// <summary>The 64 report-data bytes.</summary>
    public byte[] ToBytes()
    {
        var buffer = new byte[96];
        AbiWords.WriteAddress(buffer.AsSpan(0, 32), EnclaveAddress);
        WeightsRoot.Span.CopyTo(buffer.AsSpan(32, 32));
        AbiWords.WriteUint256(buffer.AsSpan(64, 32), RegistrationNonce);
        var result = new byte[Length];
        Keccak.Hash(buffer).Span.CopyTo(result);
        return result;
    }
}
