using Nethereum.Web3;
using Otr.Chain.Contracts;

namespace Otr.Challenger;

/// <summary>Builds the Otr.Chain-backed readers from <see cref="ChallengerL1Options"/>.</summary>
internal static class ChainReaders
{
    public static Web3 Connect(ChallengerOptions options)
    {
        var rpc = options.L1.RpcUrl;
        if (string.IsNullOrEmpty(rpc))
        {
            throw new InvalidOperationException(
                $"challenger needs L1: set {ChallengerOptions.SectionName}:L1:RpcUrl, ModelRegistry, ExecutorRegistry and Rollup (or register IRegistryReader and IBatchReader in the host)");
        }

        return new Web3(rpc);
    }

    public static ChainRegistryReader Registry(Web3 web3, ChallengerOptions options) =>
        new(new ExecutorRegistryService(web3, options.L1.ExecutorRegistry!), new ModelRegistryService(web3, options.L1.ModelRegistry!));

    public static ChainBatchReader Batches(Web3 web3, ChallengerOptions options) =>
        new(new OtrRollupService(web3, options.L1.Rollup!));
}
