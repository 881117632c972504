using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>EIP-1559 fee pair, in wei per gas.</summary>
internal readonly record struct Fees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas);

/// <summary>Pure fee decisions: the first price of a transaction and the price of each replacement.</summary>
internal static class FeePolicy
{
    /// <summary>Fees for a new transaction given the latest base fee and the node's suggested tip.</summary>
    public static Fees Initial(BigInteger baseFee, BigInteger suggestedTip, TransactionManagerOptions options)
    {
        var tip = BigInteger.Max(suggestedTip, options.MinPriorityFeePerGas);
        var maxFee = baseFee * options.BaseFeeMultiplier + tip;
        if (options.MaxFeePerGasCap is { } cap && maxFee > cap)
            maxFee = cap;
        return new Fees(maxFee, BigInteger.Min(tip, maxFee));
    }

    /// <summary>
    /// Fees for a replacement of <paramref name="previous"/>: both values raised by at least
    /// <see cref="TransactionManagerOptions.FeeBumpPercent"/> (and never below what a new transaction
    /// would pay now). <c>null</c> when the cap leaves no room for a valid replacement.
    /// </summary>
    public static Fees? Bump(Fees previous, BigInteger baseFee, BigInteger suggestedTip, TransactionManagerOptions options)
    {
        var minTip = Raise(previous.MaxPriorityFeePerGas, options.FeeBumpPercent);
        var minMaxFee = Raise(previous.MaxFeePerGas, options.FeeBumpPercent);
        var current = Initial(baseFee, suggestedTip, new TransactionManagerOptions
        {
            BaseFeeMultiplier = options.BaseFeeMultiplier,
            MinPriorityFeePerGas = options.MinPriorityFeePerGas,
        });
        var tip = BigInteger.Max(minTip, current.MaxPriorityFeePerGas);
        var maxFee = BigInteger.Max(minMaxFee, baseFee * options.BaseFeeMultiplier + tip);
        if (options.MaxFeePerGasCap is { } cap)
        {
            if (minMaxFee > cap || minTip > cap)
                return null;
            maxFee = BigInteger.Min(maxFee, cap);
            tip = BigInteger.Min(tip, maxFee);
        }
        return new Fees(maxFee, tip);
    }

    /// <summary><paramref name="value"/> × (1 + percent/100), rounded up, and always at least one more.</summary>
    public static BigInteger Raise(BigInteger value, decimal percent)
    {
        var basisPoints = new BigInteger(decimal.Ceiling(percent * 100m));
        var raised = (value * (10_000 + basisPoints) + 9_999) / 10_000;
        return BigInteger.Max(raised, value + 1);
    }
}
