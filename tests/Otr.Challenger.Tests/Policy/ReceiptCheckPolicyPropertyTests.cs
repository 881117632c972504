using CsCheck;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Policy;

public sealed class ReceiptCheckPolicyPropertyTests
{
    private static readonly Gen<ReceiptCase> Honest =
        Gen.Select(
            Gen.String[Gen.Char.AlphaNumeric, 0, 40],
            Gen.UInt[1, 512],
            Gen.UInt[0, 2000],
            Gen.ULong,
            Gen.Int[0, 260].Array[0, 20],
            Gen.Int[0, 30])
        .Select((prompt, max, temp, seed, tokens, leaves) => ReceiptCase.Honest with
        {
            Prompt = prompt,
            Params = new DecodingParams(max, temp, seed),
            SignedTokens = tokens,
            PublishedTokens = tokens,
            SignedLeaves = ReceiptCase.Leaves(leaves, (byte)(leaves + 1)),
        });

    [Fact]
    public void Evaluate_AnyHonestReceipt_IsClean() =>
        Honest.Sample(c => Assert.True(c.Evaluate().IsClean));

    [Fact]
    public void Evaluate_AnyOutputChangedAfterSigning_IsOnlyOutputHashMismatch() =>
        Honest.Select(Gen.Int[0, 260]).Sample((c, extra) =>
        {
            var verdict = (c with { PublishedTokens = [.. c.SignedTokens, extra] }).Evaluate();

            Assert.Equal([FindingKind.OutputHashMismatch], verdict.Findings.Select(f => f.Kind));
        });

    [Fact]
    public void Evaluate_AnyTraceOtherThanOurs_IsTraceMismatchAndDisputable() =>
        Honest.Select(Gen.Int[1, 30]).Sample((c, n) =>
        {
            var verdict = (c with { OurLeaves = ReceiptCase.Leaves(n, 0xf0) }).Evaluate();

            Assert.Equal([FindingKind.TraceMismatch], verdict.Findings.Select(f => f.Kind));
            Assert.True(verdict.Disputable);
            Assert.Equal((ulong)n, verdict.Trace!.OurLength);
        });
}
