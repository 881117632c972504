using System.Numerics;
using CsCheck;
using Otr.Chain.Transactions;

namespace Otr.Chain.Tests.Transactions;

public sealed class FeePolicyTests
{
    private static readonly TransactionManagerOptions Defaults = new();

    [Fact]
    public void Initial_TwiceBaseFeePlusTip()
    {
        var fees = FeePolicy.Initial(baseFee: 10, suggestedTip: 3, Defaults);

        Assert.Equal(new Fees(23, 3), fees);
    }

    [Fact]
    public void Bump_AnyFees_RaisesBothByAtLeastTheBumpPercent()
    {
        Gen.Select(Gen.ULong[1, 1_000_000_000_000], Gen.ULong[0, 1_000_000_000_000], Gen.ULong[0, 2_000_000_000_000], Gen.ULong[0, 1_000_000_000])
            .Sample((tip, extra, baseFee, suggested) =>
            {
                var previous = new Fees(new BigInteger(tip) + extra, tip);
                var bumped = FeePolicy.Bump(previous, baseFee, suggested, Defaults)!.Value;
                return bumped.MaxPriorityFeePerGas * 1000 >= previous.MaxPriorityFeePerGas * 1125
                    && bumped.MaxFeePerGas * 1000 >= previous.MaxFeePerGas * 1125
                    && bumped.MaxFeePerGas >= bumped.MaxPriorityFeePerGas
                    && bumped.MaxPriorityFeePerGas > previous.MaxPriorityFeePerGas;
            });
    }

    [Fact]
    public void Bump_NearCap_ReturnsNullWhenNoRoomElseStaysUnderCap()
    {
        var options = new TransactionManagerOptions { MaxFeePerGasCap = 100 };

        Assert.Null(FeePolicy.Bump(new Fees(95, 10), baseFee: 1, suggestedTip: 1, options));
        Assert.Equal(new Fees(90, 12), FeePolicy.Bump(new Fees(80, 10), baseFee: 1, suggestedTip: 1, options));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(8, 9)]
    [InlineData(1000, 1125)]
    [InlineData(1001, 1127)]
    public void Raise_RoundsUpAndAlwaysIncreases(long value, long expected)
    {
        Assert.Equal(expected, FeePolicy.Raise(value, 12.5m));
    }
}
