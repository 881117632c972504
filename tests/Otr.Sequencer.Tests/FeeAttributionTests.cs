using System.Numerics;
using Otr.Protocol;
using Otr.Sequencer.Fees;

namespace Otr.Sequencer.Tests;

/// <summary>The pure fee decision: price × output tokens, to the signing key and its operator, or a named reason.</summary>
public sealed class FeeAttributionTests
{
    private const string Model = "otr-demo-q8";
    private const string Key = "0x1111111111111111111111111111111111111111";
    private const string Operator = "0x2222222222222222222222222222222222222222";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private static readonly ExecutorOperator Registered = new(Operator, Keccak.HashUtf8(Model));

    public static TheoryData<long, string, string> Fees() => new()
    {
        { 0, "1000000000", "0" },
        { 1, "1000000000", "1000000000" },
        { 16, "1000000000", "16000000000" },
        { 7, "0", "0" },
        { 1024, "115792089237316195423570985008687907853269984665640564039457584007913129639935", "118571099379011784113736688648896417641748464297615937576404566024103044751293440" },
    };

    [Theory]
    [MemberData(nameof(Fees))]
    public void Decide_PricedModelRegisteredKey_FeeIsPriceTimesOutputTokens(long tokens, string price, string wei)
    {
        var line = FeeAttribution.Decide(Subject(tokens), BigInteger.Parse(price), Registered, Now, out var reason);

        Assert.Null(reason);
        Assert.NotNull(line);
        Assert.Equal(BigInteger.Parse(wei), line.Wei);
        Assert.Equal((Key, Operator, tokens, Model, Now), (line.Executor, line.Operator, line.Tokens, line.Model, line.AttributedAt));
    }

    [Fact]
    public void Decide_NoPrice_NamesTheModelAndModelRegistry()
    {
        Assert.Null(FeeAttribution.Decide(Subject(3), null, Registered, Now, out var reason));
        Assert.Equal($"price unknown: model '{Model}' has no pricePerToken in ModelRegistry", reason);
    }

    [Fact]
    public void Decide_NegativePrice_Refused()
    {
        Assert.Null(FeeAttribution.Decide(Subject(3), -1, Registered, Now, out var reason));
        Assert.Contains("negative pricePerToken", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KeyNotRegistered_NamesTheKey()
    {
        Assert.Null(FeeAttribution.Decide(Subject(3), 5, null, Now, out var reason));
        Assert.Equal($"executor unregistered: enclave key {Key} has no registration in ExecutorRegistry", reason);
    }

    [Fact]
    public void Decide_KeyRegisteredForAnotherModel_Refused()
    {
        Assert.Null(FeeAttribution.Decide(Subject(3), 5, Registered with { ModelId = Keccak.HashUtf8("other") }, Now, out var reason));
        Assert.StartsWith("executor registered for another model", reason, StringComparison.Ordinal);
        Assert.Contains(Key, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NegativeTokenCount_Refused()
    {
        Assert.Null(FeeAttribution.Decide(Subject(-1), 5, Registered, Now, out var reason));
        Assert.Contains("negative output token count", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_GroupByKeyAndOperator_CaseInsensitive_EachDigestOnce_LargestFirst()
    {
        var a = Line(1, Key, Operator, 10, 100);
        var aAgain = a with { AttributedAt = Now.AddSeconds(5) };
        var b = Line(2, Key.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), Operator, 5, 50);
        var c = Line(3, "0x3333333333333333333333333333333333333333", Operator, 100, 1000);
        var d = Line(4, "0x0000000000000000000000000000000000000004", "0x5555555555555555555555555555555555555555", 1, 120);

        var totals = FeeAttribution.Totals([a, aAgain, b, c, d]);

        Assert.Equal(3, totals.Count);
        Assert.Equal(("0x3333333333333333333333333333333333333333", 1L, 100L, new BigInteger(1000)), (totals[0].Executor, totals[0].Receipts, totals[0].Tokens, totals[0].Wei));
        Assert.Equal((Key, 2L, 15L, new BigInteger(150)), (totals[1].Executor, totals[1].Receipts, totals[1].Tokens, totals[1].Wei));
        Assert.Equal(("0x5555555555555555555555555555555555555555", new BigInteger(120)), (totals[2].Operator, totals[2].Wei));
        Assert.Empty(FeeAttribution.Totals([]));
    }

    private static FeeSubject Subject(long tokens) => new(Keccak.HashUtf8("receipt " + tokens), Model, Key, tokens);

    private static FeeLine Line(int n, string executor, string op, long tokens, int wei) =>
        new(Keccak.HashUtf8("r" + n), Model, executor, op, tokens, 10, wei, Now);
}
