using System.Globalization;
using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Otr.Chain.Anvil;
using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

/// <summary>A fresh Anvil per test plus helpers to build managers and read chain state.</summary>
internal sealed class TestChain : IAsyncDisposable
{
    /// <summary>
    /// Init code of a tiny contract: a call with data stores its first word in slot 0; a call without data
    /// reverts with custom error 0xdeadbeef and the word 42.
    /// </summary>
    public const string StorageInitCode = "0x602280600b6000396000f3" + "3615600c57600035600055005b63deadbeef60e01b600052602a60045260246000fd";

    /// <summary>Init code that always reverts with custom error 0xdeadbeef and no arguments.</summary>
    public const string RevertingInitCode = "0x63deadbeef60e01b60005260046000fd";

    private TestChain(AnvilNode node)
    {
        Node = node;
        Web3 = new Web3(node.RpcUrl);
    }

    public AnvilNode Node { get; }

    public Web3 Web3 { get; }

    public static TransactionManagerOptions FastOptions { get; } = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(25),
        RpcRetryInitialDelay = TimeSpan.FromMilliseconds(20),
        RpcRetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public static async Task<TestChain> StartAsync(CancellationToken ct) => new(await AnvilNode.StartAsync(ct: ct));

    public TransactionManager Manager(ITxJournal journal, TransactionManagerOptions? options = null, int account = 0) =>
        new(Web3, Node.DevPrivateKeys[account], Node.ChainId, options ?? FastOptions, journal);

    public async Task<ulong> NonceAsync(string address, bool pending = false) =>
        (ulong)(await Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(address,
            pending ? BlockParameter.CreatePending() : BlockParameter.CreateLatest())).Value;

    public async Task<BigInteger> BalanceAsync(string address) =>
        (await Web3.Eth.GetBalance.SendRequestAsync(address)).Value;

    public async Task<BigInteger> StorageAsync(string contract, int slot) =>
        BigInteger.Parse("0" + (await Web3.Eth.GetStorageAt.SendRequestAsync(contract, new Nethereum.Hex.HexTypes.HexBigInteger(slot)))[2..],
            NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public async Task<TransactionReceipt?> ReceiptAsync(string hash) =>
        await Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, CancellationToken ct, TimeSpan? timeout = null)
        where T : class
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
                return value;
            await Task.Delay(20, cts.Token);
        }
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
