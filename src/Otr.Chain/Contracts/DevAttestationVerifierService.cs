using Nethereum.Web3;
using Otr.Protocol;
using M = Otr.Chain.Contracts.DevAttestationVerifierMessages;

namespace Otr.Chain.Contracts;

/// <summary>Calls a deployed <c>DevAttestationVerifier</c> (INSECURE, development only).</summary>
public sealed class DevAttestationVerifierService
{
    private readonly ContractClient _client;

    /// <summary>Binds to the verifier at <paramref name="address"/>.</summary>
    public DevAttestationVerifierService(IWeb3 web3, string address) => _client = new ContractClient(web3, address, "DevAttestationVerifier");

    /// <summary>The verifier's address.</summary>
    public string Address => _client.Address;

    /// <summary>True when the evidence is the dev root key's signature over the attestation digest.</summary>
    public Task<bool> VerifyAsync(byte[] evidence, string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot) =>
        _client.QueryAsync<AttestationVerifierMessages.VerifyFunction, bool>(new()
        {
            Evidence = evidence,
            EnclaveKey = enclaveKey,
            Measurement = measurement.ToArray(),
            WeightsRoot = weightsRoot.ToArray(),
        });

    /// <summary><c>keccak256(abi.encode("OTR-DEV-ATTESTATION", enclaveKey, measurement, weightsRoot))</c> as the contract computes it.</summary>
    public async Task<Bytes32> GetAttestationDigestAsync(string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot) =>
        new(await _client.QueryAsync<M.AttestationDigestFunction, byte[]>(new()
        {
            EnclaveKey = enclaveKey,
            Measurement = measurement.ToArray(),
            WeightsRoot = weightsRoot.ToArray(),
        }).ConfigureAwait(false));

    /// <summary>The dev root key's address.</summary>
    public Task<string> GetDevRootKeyAsync() => _client.QueryAsync<M.DevRootKeyFunction, string>(new());

    /// <summary>Always true for this verifier; lets tooling refuse it where security matters.</summary>
    public Task<bool> IsInsecureAsync() => _client.QueryAsync<M.InsecureFunction, bool>(new());
}
