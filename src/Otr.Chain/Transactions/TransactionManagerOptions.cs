using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>Tuning of the <see cref="TransactionManager"/>. Defaults suit an Ethereum-like chain with ~12 s blocks.</summary>
public sealed class TransactionManagerOptions
{
    /// <summary>Percent added to the node's gas estimate. Default 20.</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>Lowest gas limit ever used (after the margin). Default 21 000.</summary>
    public ulong MinGasLimit { get; init; } = 21_000;

    /// <summary>Max fee per gas = base fee × this + priority fee. Default 2 (survives ~6 full blocks of base-fee growth).</summary>
    public int BaseFeeMultiplier { get; init; } = 2;

    /// <summary>Lowest priority fee (tip) per gas in wei, whatever the node suggests. Default 0.</summary>
    public BigInteger MinPriorityFeePerGas { get; init; }

    /// <summary>Highest max fee per gas in wei the manager will ever sign; <c>null</c> = no cap. Bumping stops at the cap.</summary>
    public BigInteger? MaxFeePerGasCap { get; init; }

    /// <summary>How long a transaction may stay unmined before it is re-sent with higher fees. Default 60 s.</summary>
    public TimeSpan FeeBumpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Percent by which a replacement raises both the priority fee and the max fee. At least 10 (geth's
    /// replacement rule); default 12.5.
    /// </summary>
    public decimal FeeBumpPercent { get; init; } = 12.5m;

    /// <summary>Blocks that must include the transaction before it counts as done (1 = included). Default 1.</summary>
    public int Confirmations { get; init; } = 1;

    /// <summary>How often the node is asked for receipts and nonces while waiting. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per JSON-RPC call before a transient error (timeout, connection, rate limit) is given up on. Default 6.</summary>
    public int RpcMaxAttempts { get; init; } = 6;

    /// <summary>Delay before the first retry; doubles each time, with jitter. Default 200 ms.</summary>
    public TimeSpan RpcRetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries. Default 5 s.</summary>
    public TimeSpan RpcRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Solidity error signatures (e.g. <c>"BatchAlreadyPosted(uint256)"</c>) used to name custom errors in
    /// <see cref="RevertInfo.ErrorName"/>.
    /// </summary>
    public IReadOnlyList<string> ErrorSignatures { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, object? value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"{nameof(TransactionManagerOptions)}.{name} {rule} (was {value}).");
        }

        Check(GasMarginPercent >= 0, nameof(GasMarginPercent), GasMarginPercent, "must be at least 0");
        Check(MinGasLimit >= 21_000, nameof(MinGasLimit), MinGasLimit, "must be at least 21000");
        Check(BaseFeeMultiplier >= 1, nameof(BaseFeeMultiplier), BaseFeeMultiplier, "must be at least 1");
        Check(MinPriorityFeePerGas >= 0, nameof(MinPriorityFeePerGas), MinPriorityFeePerGas, "must be at least 0");
        Check(MaxFeePerGasCap is null || MaxFeePerGasCap > 0, nameof(MaxFeePerGasCap), MaxFeePerGasCap, "must be positive");
        Check(FeeBumpTimeout > TimeSpan.Zero, nameof(FeeBumpTimeout), FeeBumpTimeout, "must be positive");
        Check(FeeBumpPercent >= 10m, nameof(FeeBumpPercent), FeeBumpPercent, "must be at least 10");
        Check(Confirmations >= 1, nameof(Confirmations), Confirmations, "must be at least 1");
        Check(PollInterval > TimeSpan.Zero, nameof(PollInterval), PollInterval, "must be positive");
        Check(RpcMaxAttempts >= 1, nameof(RpcMaxAttempts), RpcMaxAttempts, "must be at least 1");
        Check(RpcRetryInitialDelay >= TimeSpan.Zero, nameof(RpcRetryInitialDelay), RpcRetryInitialDelay, "must not be negative");
        Check(RpcRetryMaxDelay >= RpcRetryInitialDelay, nameof(RpcRetryMaxDelay), RpcRetryMaxDelay, "must be at least RpcRetryInitialDelay");
    }
}
