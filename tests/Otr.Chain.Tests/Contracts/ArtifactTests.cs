using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;
using Otr.Chain.Contracts;
using Otr.Chain.Tests.Support;

namespace Otr.Chain.Tests.Contracts;

/// <summary>The committed artifacts match the contracts, and the hand-written bindings match the artifacts.</summary>
public sealed class ArtifactTests
{
    [Fact]
    public async Task CommittedArtifacts_MatchFreshForgeBuild()
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "contracts", "export-artifacts.sh"), "--check"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0,
            $"contracts/export-artifacts.sh --check exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    [Fact]
    public void Artifacts_EveryDeployableContract_HasAbiAndBytecode()
    {
        foreach (var name in ContractArtifacts.Names)
        {
            var artifact = ContractArtifacts.Get(name);
            Assert.Equal(name, artifact.Name);
            Assert.Matches("^0x6[0-9a-f]{100,}$", artifact.Bytecode);
            Assert.Matches("^0x6[0-9a-f]{100,}$", artifact.DeployedBytecode);
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(artifact.AbiJson).RootElement.ValueKind);
        }
    }

    public static TheoryData<string, Type> Bindings() => new()
    {
        { "OtrRollup", typeof(OtrRollupMessages) },
        { "ModelRegistry", typeof(ModelRegistryMessages) },
        { "ExecutorRegistry", typeof(ExecutorRegistryMessages) },
        { "DevAttestationVerifier", typeof(DevAttestationVerifierMessages) },
        { "DisputeGame", typeof(DisputeGameMessages) },
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Bindings_EveryMessage_ExistsInArtifactAbi(string contract, Type messages)
    {
        var abi = new Nethereum.ABI.ABIDeserialisation.ABIJsonDeserialiser().DeserialiseContract(ContractArtifacts.Get(contract).AbiJson);
        var functions = abi.Functions.Select(f => f.Sha3Signature).ToHashSet(StringComparer.Ordinal);
        var events = abi.Events.Select(e => e.Sha3Signature).ToHashSet(StringComparer.Ordinal);
        var types = messages.GetNestedTypes();
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<FunctionAttribute>() is not null)
            {
                var signature = ABITypedRegistry.GetFunctionABI(type).Sha3Signature;
                Assert.True(functions.Contains(signature), $"{type.FullName}: no function with selector {signature} in the {contract} ABI");
            }
            else if (type.GetCustomAttribute<EventAttribute>() is not null)
            {
                var signature = ABITypedRegistry.GetEvent(type).Sha3Signature;
                Assert.True(events.Contains(signature), $"{type.FullName}: no event with topic {signature} in the {contract} ABI");
            }
        }

        foreach (var type in typeof(OwnableMessages).GetNestedTypes())
        {
            if (contract != "DevAttestationVerifier")
                Assert.Contains(ABITypedRegistry.GetFunctionABI(type).Sha3Signature, functions);
        }
    }
}
