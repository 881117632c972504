using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Otr.Chain.Contracts;

/// <summary>Sends typed messages to one contract and turns reverts into <see cref="ContractRevertException"/>.</summary>
internal sealed class ContractClient
{
    private readonly IWeb3 _web3;
    private readonly string _contractName;

    public ContractClient(IWeb3 web3, string address, string contractName)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        _web3 = web3;
        _contractName = contractName;
        Address = address;
    }

    public string Address { get; }

    /// <summary>The connection (for logs, blocks and transactions).</summary>
    public IWeb3 Web3 => _web3;

    /// <summary>Sends a transaction from the web3 account and waits for its receipt; throws when it reverts.</summary>
    public async Task<TransactionReceipt> SendAsync<TMessage>(TMessage message, CancellationToken ct)
        where TMessage : FunctionMessage, new()
    {
        var what = $"{_contractName}.{FunctionName<TMessage>()}";
        TransactionReceipt receipt;
        try
        {
            receipt = await _web3.Eth.GetContractTransactionHandler<TMessage>()
                .SendRequestAndWaitForReceiptAsync(Address, message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.Translate(e, what) is { } revert)
        {
            throw revert;
        }

        if (receipt.Status?.Value != 1)
        {
            throw new ContractRevertException(null, [], null, $"{what} transaction {receipt.TransactionHash} was mined but reverted");
        }

        return receipt;
    }

    /// <summary>Calls a view function returning one value.</summary>
    public async Task<TOut> QueryAsync<TMessage, TOut>(TMessage message)
        where TMessage : FunctionMessage, new()
    {
        try
        {
            return await _web3.Eth.GetContractQueryHandler<TMessage>().QueryAsync<TOut>(Address, message).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.Translate(e, $"{_contractName}.{FunctionName<TMessage>()}") is { } revert)
        {
            throw revert;
        }
    }

    /// <summary>Calls a view function returning several values (an output DTO).</summary>
    public async Task<TOut> QueryDtoAsync<TMessage, TOut>(TMessage message)
        where TMessage : FunctionMessage, new()
        where TOut : IFunctionOutputDTO, new()
    {
        try
        {
            return await _web3.Eth.GetContractQueryHandler<TMessage>().QueryDeserializingToObjectAsync<TOut>(message, Address).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.Translate(e, $"{_contractName}.{FunctionName<TMessage>()}") is { } revert)
        {
            throw revert;
        }
    }

    private static string FunctionName<TMessage>() =>
        typeof(TMessage).GetCustomAttributes(typeof(Nethereum.ABI.FunctionEncoding.Attributes.FunctionAttribute), false)
            is [Nethereum.ABI.FunctionEncoding.Attributes.FunctionAttribute f, ..] ? f.Name : typeof(TMessage).Name;
}
