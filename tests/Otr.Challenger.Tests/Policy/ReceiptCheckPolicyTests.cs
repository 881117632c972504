using Otr.Protocol;

namespace Otr.Challenger.Tests.Policy;

public sealed class ReceiptCheckPolicyTests
{
    private static readonly IReadOnlyList<Bytes32> OtherLeaves = ReceiptCase.Leaves(12, 2);

    private static IReadOnlyList<Bytes32> Diverging(int from) =>
        [.. ReceiptCase.Honest.SignedLeaves.Take(from), .. OtherLeaves.Skip(from)];

    /// <summary>name → (case, expected kinds in order, re-executed, disputable).</summary>
    private static readonly Dictionary<string, (ReceiptCase Case, string[] Kinds, bool Reexecuted, bool Disputable)> Table = new()
    {
        ["honest"] = (ReceiptCase.Honest, [], true, false),
        ["signer address in other case"] = (ReceiptCase.Honest with { RecoveredSigner = ReceiptCase.ExecutorAddress.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) }, [], true, false),
        ["signature does not recover"] = (ReceiptCase.Honest with { RecoveredSigner = null }, [FindingKind.BadSignature], true, false),
        ["signature by another key"] = (ReceiptCase.Honest with { RecoveredSigner = ReceiptCase.OtherAddress }, [FindingKind.BadSignature], true, false),
        ["executor not registered"] = (ReceiptCase.Honest with { ExecutorRegistered = false }, [FindingKind.UnregisteredExecutor], true, false),
        ["proof misses batch root"] = (ReceiptCase.Honest with { Inclusion = InclusionStatus.NotIncluded }, [FindingKind.NotInBatch], true, false),
        ["batch not posted"] = (ReceiptCase.Honest with { Inclusion = InclusionStatus.BatchNotPosted }, [FindingKind.NotInBatch], true, false),
        ["model not registered"] = (ReceiptCase.Honest with { Model = ModelStatus.NotRegistered, ExecutorRegistered = false }, [FindingKind.UnregisteredExecutor, FindingKind.UnknownModel], false, false),
        ["model not served here"] = (ReceiptCase.Honest with { Model = ModelStatus.NotServed }, [], false, false),
        ["prompt altered after signing"] = (ReceiptCase.Honest with { PublishedPrompt = "The quick brown cat" }, [FindingKind.PromptHashMismatch], false, false),
        ["params altered after signing"] = (ReceiptCase.Honest with { PublishedParams = new DecodingParams(8, 700, 1) }, [FindingKind.ParamsHashMismatch], false, false),
        ["output token altered after signing"] = (ReceiptCase.Honest with { PublishedTokens = [5, 17, 4, 99] }, [FindingKind.OutputHashMismatch], true, false),
        ["output truncated after signing"] = (ReceiptCase.Honest with { PublishedTokens = [5, 17] }, [FindingKind.OutputHashMismatch], true, false),
        ["output empty after signing"] = (ReceiptCase.Honest with { PublishedTokens = [] }, [FindingKind.OutputHashMismatch], true, false),
        ["executor ran other weights"] = (ReceiptCase.Honest with { OurTokens = [5, 18, 3, 99], OurLeaves = Diverging(3) }, [FindingKind.OutputMismatch, FindingKind.TraceMismatch], true, true),
        ["same tokens, other trace"] = (ReceiptCase.Honest with { OurLeaves = Diverging(11) }, [FindingKind.TraceMismatch], true, true),
        ["same trace, other tokens"] = (ReceiptCase.Honest with { OurTokens = [5, 17, 3] }, [FindingKind.OutputMismatch], true, true),
        ["claimed length wrong"] = (ReceiptCase.Honest with { SignedTraceLength = 13 }, [FindingKind.TraceMismatch], true, true),
        ["claimed root wrong"] = (ReceiptCase.Honest with { SignedTraceRoot = Keccak.Hash([0xee]) }, [FindingKind.TraceMismatch], true, true),
        ["executor stopped early"] = (ReceiptCase.Honest with { OurLeaves = [.. ReceiptCase.Honest.SignedLeaves, .. OtherLeaves.Take(4)] }, [FindingKind.TraceMismatch], true, true),
        ["altered output and other weights"] = (ReceiptCase.Honest with { PublishedTokens = [1], OurTokens = [2], OurLeaves = Diverging(0) }, [FindingKind.OutputHashMismatch, FindingKind.OutputMismatch, FindingKind.TraceMismatch], true, true),
        ["bad signature and other weights"] = (ReceiptCase.Honest with { RecoveredSigner = ReceiptCase.OtherAddress, OurLeaves = Diverging(5) }, [FindingKind.BadSignature, FindingKind.TraceMismatch], true, false),
        ["not in batch and other weights"] = (ReceiptCase.Honest with { Inclusion = InclusionStatus.NotIncluded, OurLeaves = Diverging(5) }, [FindingKind.NotInBatch, FindingKind.TraceMismatch], true, false),
        ["unregistered and other weights"] = (ReceiptCase.Honest with { ExecutorRegistered = false, OurLeaves = Diverging(5) }, [FindingKind.UnregisteredExecutor, FindingKind.TraceMismatch], true, true),
        ["prompt altered hides re-execution"] = (ReceiptCase.Honest with { PublishedPrompt = "x", OurLeaves = Diverging(0) }, [FindingKind.PromptHashMismatch], false, false),
        ["model refuses signed inputs"] = (ReceiptCase.Honest with { Rejection = "the prompt has 300 tokens; the context holds 256" }, [FindingKind.InvalidRequest], true, false),
        ["everything wrong"] = (
            ReceiptCase.Honest with
            {
                RecoveredSigner = null,
                ExecutorRegistered = false,
                Inclusion = InclusionStatus.BatchNotPosted,
                Model = ModelStatus.NotRegistered,
                PublishedPrompt = "p",
                PublishedParams = new DecodingParams(1, 1, 1),
                PublishedTokens = [],
            },
            [
                FindingKind.BadSignature, FindingKind.UnregisteredExecutor, FindingKind.NotInBatch, FindingKind.UnknownModel,
                FindingKind.PromptHashMismatch, FindingKind.ParamsHashMismatch, FindingKind.OutputHashMismatch,
            ],
            false,
            false),
    };

    public static TheoryData<string> Cases => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_TableCase_ReportsExpectedFindings(string name)
    {
        var (c, kinds, reexecuted, disputable) = Table[name];

        var verdict = c.Evaluate();

        Assert.Equal(kinds, verdict.Findings.Select(f => f.Kind));
        Assert.Equal(reexecuted, verdict.Reexecuted);
        Assert.Equal(disputable, verdict.Disputable);
        Assert.Equal(kinds.Length == 0, verdict.IsClean);
        Assert.Equal(verdict.Has(FindingKind.TraceMismatch), verdict.Trace is not null);
        Assert.All(verdict.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [Fact]
    public void Evaluate_AnyCase_CopiesReceiptIdentity()
    {
        var c = ReceiptCase.Honest;

        var verdict = c.Evaluate();

        Assert.Equal(c.Facts.Digest, verdict.Digest);
        Assert.Equal(c.Receipt.RequestId, verdict.RequestId);
        Assert.Equal(c.Receipt.ModelId, verdict.ModelId);
        Assert.Equal(c.Receipt.Executor, verdict.Executor);
        Assert.Equal(c.Receipt.Nonce, verdict.Nonce);
        Assert.Equal(3ul, verdict.BatchIndex);
        Assert.Equal(1ul, verdict.LeafIndex);
        Assert.Equal(c.Facts.CheckedAt, verdict.CheckedAt);
    }

    [Fact]
    public void Evaluate_OtherWeightsWithoutExecutorLeaves_ReportsBisectionRangeNotFirstLeaf()
    {
        var verdict = (ReceiptCase.Honest with { OurLeaves = Diverging(3) }).Evaluate();

        var trace = Assert.IsType<TraceDivergence>(verdict.Trace);
        Assert.Null(trace.FirstDifferingLeaf);
        Assert.Equal(0ul, trace.BisectionLow);
        Assert.Equal(12ul, trace.BisectionHigh);
        Assert.Equal(12ul, trace.OurLength);
        Assert.Equal(ReceiptCase.Root(Diverging(3)), trace.OurRoot);
        Assert.Equal(ReceiptCase.Root(ReceiptCase.Honest.SignedLeaves), trace.ClaimedRoot);
        Assert.Contains("bisection", verdict.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OtherWeightsWithExecutorLeaves_ReportsFirstDifferingLeaf()
    {
        var verdict = (ReceiptCase.Honest with { OurLeaves = Diverging(7), ClaimedLeaves = ReceiptCase.Honest.SignedLeaves }).Evaluate();

        var trace = Assert.IsType<TraceDivergence>(verdict.Trace);
        Assert.Equal(7ul, trace.FirstDifferingLeaf);
        Assert.Contains("first differing leaf 7", verdict.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExecutorStoppedEarly_LocatesFirstMissingLeafFromOurPrefixRoots()
    {
        var verdict = (ReceiptCase.Honest with { OurLeaves = [.. ReceiptCase.Honest.SignedLeaves, .. OtherLeaves.Take(4)] }).Evaluate();

        var trace = Assert.IsType<TraceDivergence>(verdict.Trace);
        Assert.Equal(12ul, trace.FirstDifferingLeaf);
        Assert.Equal(16ul, trace.OurLength);
        Assert.Equal(12ul, trace.ClaimedLength);
    }

    [Fact]
    public void Evaluate_OtherWeights_NamesFirstDifferingToken()
    {
        var verdict = (ReceiptCase.Honest with { OurTokens = [5, 18, 3, 99] }).Evaluate();

        Assert.Contains("first differing token at position 1: ours 18, executor's 17", verdict.Findings.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShouldReexecute_InputsAlteredOrModelNotServed_IsFalse()
    {
        Assert.True(ReceiptCheckPolicy.ShouldReexecute(ReceiptCase.Honest.Published, ModelStatus.Served));
        Assert.False(ReceiptCheckPolicy.ShouldReexecute(ReceiptCase.Honest.Published, ModelStatus.NotServed));
        Assert.False(ReceiptCheckPolicy.ShouldReexecute(ReceiptCase.Honest.Published, ModelStatus.NotRegistered));
        Assert.False(ReceiptCheckPolicy.ShouldReexecute((ReceiptCase.Honest with { PublishedPrompt = "x" }).Published, ModelStatus.Served));
        Assert.False(ReceiptCheckPolicy.ShouldReexecute((ReceiptCase.Honest with { PublishedParams = new(1, 0, 0) }).Published, ModelStatus.Served));
    }

    [Fact]
    public void FindingKind_All_IsDistinctAndKnown()
    {
        Assert.Equal(FindingKind.All.Count, FindingKind.All.Distinct().Count());
        Assert.All(FindingKind.All, k => Assert.True(FindingKind.IsKnown(k)));
        Assert.False(FindingKind.IsKnown("nope"));
        Assert.False(FindingKind.IsKnown(null));
    }
}
