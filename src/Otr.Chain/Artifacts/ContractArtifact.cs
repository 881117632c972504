using System.Text.Json;

namespace Otr.Chain.Artifacts;

/// <summary>
/// ABI and bytecode of one deployable OTR contract, as <c>contracts/export-artifacts.sh</c> exports
/// it from the forge build into <c>src/Otr.Chain/Artifacts/&lt;Name&gt;.json</c>.
/// </summary>
/// <param name="Name">Contract name, e.g. <c>OtrRollup</c>.</param>
/// <param name="AbiJson">The contract's JSON ABI.</param>
/// <param name="Bytecode">0x-prefixed creation bytecode (constructor arguments are appended to it).</param>
/// <param name="DeployedBytecode">0x-prefixed runtime bytecode (what <c>eth_getCode</c> returns after deployment).</param>
public sealed record ContractArtifact(string Name, string AbiJson, string Bytecode, string DeployedBytecode)
{
    /// <summary>Parses an exported artifact file.</summary>
    /// <exception cref="FormatException">A required field is missing.</exception>
    public static ContractArtifact Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string Text(string field) =>
            root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new FormatException($"contract artifact lacks the string field '{field}'");

        if (!root.TryGetProperty("abi", out var abi) || abi.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("contract artifact lacks the 'abi' array");
        }

        return new ContractArtifact(Text("contractName"), abi.GetRawText(), Text("bytecode"), Text("deployedBytecode"));
    }
}
