using System.Diagnostics;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Otr.Chain.Contracts;

namespace Otr.Chain.Tests.Support;

/// <summary>
/// <see cref="OtrChainFixture"/> plus a <c>DisputeGame</c> deployed by <c>OtrDeployer</c> with the TEST-ONLY
/// one-step verifier double (contracts/test/dispute/OneStepVerifierDouble.sol, deployed from the forge build in
/// contracts/out): its answers are the abi-decoded witnesses, so the test decides what is correct.
/// </summary>
public sealed class DisputeChainFixture : OtrChainFixture
{
    public string StepVerifier { get; private set; } = "";

    public DisputeGameService GameAs(int devAccount) => new(Web3For(devAccount), Contracts.DisputeGame!);

    protected override async Task<string?> OneStepVerifierAsync()
    {
        var artifact = Path.Combine(RepoPaths.Root, "contracts", "out", "OneStepVerifierDouble.sol", "OneStepVerifierDouble.json");
        await ForgeBuildAsync();
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(artifact));
        var bytecode = doc.RootElement.GetProperty("bytecode").GetProperty("object").GetString()!;
        var receipt = await OwnerWeb3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            doc.RootElement.GetProperty("abi").GetRawText(), bytecode, OwnerAddress, new HexBigInteger(3_000_000));
        StepVerifier = receipt.ContractAddress;
        return StepVerifier;
    }

    private static async Task ForgeBuildAsync()
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "tools", "bin", "forge"), ["build", "--quiet"])
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, "contracts"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"forge build failed: {await stderr}");
        }
    }
}
