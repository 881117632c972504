using System.Numerics;
using Nethereum.RPC.Eth.DTOs;

namespace Otr.Chain.Transactions;

/// <summary>A successfully mined (and confirmed) intent.</summary>
/// <param name="IntentId">The intent's id.</param>
/// <param name="TransactionHash">Hash of the transaction that was mined (the last fee bump that made it in).</param>
/// <param name="Nonce">The account nonce the intent consumed.</param>
/// <param name="BlockNumber">Block that includes the transaction.</param>
/// <param name="BlockHash">Hash of that block.</param>
/// <param name="GasUsed">Gas the transaction used.</param>
/// <param name="EffectiveGasPrice">Wei paid per gas.</param>
/// <param name="ContractAddress">Address of the deployed contract, for deployments; otherwise <c>null</c>.</param>
/// <param name="Broadcasts">How many differently priced versions were signed for this nonce (1 = no fee bump).</param>
/// <param name="Receipt">The node's receipt, with logs for event decoding.</param>
public sealed record TxOutcome(
    string IntentId,
    string TransactionHash,
    ulong Nonce,
    ulong BlockNumber,
    string BlockHash,
    BigInteger GasUsed,
    BigInteger EffectiveGasPrice,
    string? ContractAddress,
    int Broadcasts,
    TransactionReceipt Receipt);
