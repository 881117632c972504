using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Anvil;
using Otr.Chain.Contracts;
using Otr.Chain.Deployment;
using Otr.Protocol;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>Anvil on loopback with the OTR contracts deployed; dev account 1 is the rollup's sequencer.</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    public AnvilNode Node => _node!;

    public OtrContracts Contracts { get; private set; } = null!;

    public Eip712Domain Domain { get; private set; } = null!;

    public string SequencerKey => Node.DevPrivateKeys[1];

    public Web3 ReadWeb3 { get; private set; } = null!;

    public OtrRollupService Rollup => new(ReadWeb3, Contracts.Rollup);

    public async ValueTask InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        ReadWeb3 = new Web3(Node.RpcUrl);
        Contracts = await DeployAsync();
        Domain = new Eip712Domain(Node.ChainId, Contracts.Rollup);
    }

    /// <summary>Deploys a fresh contract set (a rollup whose next batch index is 0).</summary>
    public Task<OtrContracts> DeployAsync() =>
        OtrDeployer.DeployAllAsync(new Web3(new Account(Node.DevPrivateKeys[0], Node.ChainId), Node.RpcUrl), new DeploymentOptions
        {
            DevRootAddress = Node.DevAddresses[9],
            Sequencer = Node.DevAddresses[1],
        });

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
