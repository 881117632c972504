using Otr.Protocol;

namespace Otr.Challenger.Tests.Policy;

/// <summary>
/// Test DSL for the policy: starts from an honest, consistent receipt (every hash matches, signer
/// registered, included, re-execution identical) and lets a case change one thing at a time.
/// </summary>
internal sealed record ReceiptCase
{
    public const string ExecutorAddress = "0x1111111111111111111111111111111111111111";
    public const string OtherAddress = "0x2222222222222222222222222222222222222222";

    public string Prompt { get; init; } = "The quick brown fox";
    public DecodingParams Params { get; init; } = new(8, 0, 0);
    public IReadOnlyList<int> SignedTokens { get; init; } = [5, 17, 3, 99];
    public IReadOnlyList<int> PublishedTokens { get; init; } = [5, 17, 3, 99];
    public IReadOnlyList<Bytes32> SignedLeaves { get; init; } = Leaves(12, 1);
    public string? RecoveredSigner { get; init; } = ExecutorAddress;
    public string Executor { get; init; } = ExecutorAddress;
    public bool ExecutorRegistered { get; init; } = true;
    public ModelStatus Model { get; init; } = ModelStatus.Served;
    public InclusionStatus Inclusion { get; init; } = InclusionStatus.Included;
    public IReadOnlyList<int>? OurTokens { get; init; }
    public IReadOnlyList<Bytes32>? OurLeaves { get; init; }
    public bool Reexecuted { get; init; } = true;
    public string? Rejection { get; init; }
    public IReadOnlyList<Bytes32>? ClaimedLeaves { get; init; }
    public string? PublishedPrompt { get; init; }
    public DecodingParams? PublishedParams { get; init; }
    public Bytes32? SignedTraceRoot { get; init; }
    public ulong? SignedTraceLength { get; init; }

    public static ReceiptCase Honest { get; } = new();

    public static IReadOnlyList<Bytes32> Leaves(int count, byte salt) =>
        [.. Enumerable.Range(0, count).Select(i => TreeHash.Leaf([salt, (byte)i, (byte)(i >> 8)]))];

    public static Bytes32 Root(IReadOnlyList<Bytes32> leaves) => TraceDivergenceSolver.PrefixRoots(leaves)[^1];

    public Receipt Receipt => new(
        Keccak.Hash([1, 2, 3]),
        ReceiptFields.ModelId("otr-demo-q8"),
        ReceiptFields.PromptHash(Prompt),
        ReceiptFields.ParamsHash(Params),
        ReceiptFields.OutputHash(SignedTokens),
        SignedTraceRoot ?? Root(SignedLeaves),
        SignedTraceLength ?? (ulong)SignedLeaves.Count,
        Executor,
        7,
        1_700_000_000);

    public PublishedReceipt Published => new(
        Receipt,
        new byte[65],
        PublishedPrompt ?? Prompt,
        PublishedParams ?? Params,
        PublishedTokens,
        "text",
        3,
        1,
        []);

    public ReceiptCheckFacts Facts
    {
        get
        {
            var leaves = OurLeaves ?? SignedLeaves;
            var ours = new Reexecution(OurTokens ?? SignedTokens, Root(leaves), (ulong)leaves.Count, leaves);
            var published = Published;
            var attempted = Reexecuted && ReceiptCheckPolicy.ShouldReexecute(published, Model);
            var reexecution = attempted && Rejection is null ? ours : null;
            return new ReceiptCheckFacts(
                Keccak.Hash([9]),
                RecoveredSigner,
                ExecutorRegistered,
                Model,
                Inclusion,
                reexecution,
                attempted ? Rejection : null,
                new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
                ClaimedLeaves);
        }
    }

    public Verdict Evaluate() => ReceiptCheckPolicy.Evaluate(Published, Facts);
}
