using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// The challenger's pure decision: from a published receipt and the facts gathered about it
/// (signature recovery, L1 registry and batch lookups, our re-execution) to a <see cref="Verdict"/>.
/// No I/O, no clock, no randomness: the agent gathers, this decides, the agent acts.
/// </summary>
public static class ReceiptCheckPolicy
{
    /// <summary>
    /// Whether re-executing the receipt can say anything: the model must be served here and the
    /// published prompt and parameters must be the ones the executor signed (else we would run other inputs).
    /// </summary>
    public static bool ShouldReexecute(PublishedReceipt published, ModelStatus model)
    {
        ArgumentNullException.ThrowIfNull(published);
        return model == ModelStatus.Served && InputsMatch(published);
    }

    /// <summary>Judges one receipt. Findings come in <see cref="FindingKind.All"/> order.</summary>
    public static Verdict Evaluate(PublishedReceipt published, ReceiptCheckFacts facts)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(facts);
        var r = published.Receipt;
        var findings = new List<Finding>();

        var signatureOk = facts.RecoveredSigner is not null && SameAddress(facts.RecoveredSigner, r.Executor);
        if (!signatureOk)
        {
            findings.Add(new Finding(
                FindingKind.BadSignature,
                facts.RecoveredSigner is null
                    ? $"signature does not recover to any address; receipt names executor {r.Executor}"
                    : $"signature recovers to {facts.RecoveredSigner}, not to the receipt's executor {r.Executor}"));
        }

        if (!facts.ExecutorRegistered)
        {
            findings.Add(new Finding(
                FindingKind.UnregisteredExecutor,
                $"executor {r.Executor} is not registered on L1 for model {r.ModelId}"));
        }

        switch (facts.Inclusion)
        {
            case InclusionStatus.NotIncluded:
                findings.Add(new Finding(
                    FindingKind.NotInBatch,
                    $"inclusion proof of leaf {published.LeafIndex} does not reach the L1 root of batch {published.BatchIndex}"));
                break;
            case InclusionStatus.BatchNotPosted:
                findings.Add(new Finding(
                    FindingKind.NotInBatch,
                    $"batch {published.BatchIndex} is not posted on L1"));
                break;
            case InclusionStatus.Included:
            case InclusionStatus.Unknown:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(facts), facts.Inclusion, "unknown inclusion status");
        }

        if (facts.Model == ModelStatus.NotRegistered)
        {
            findings.Add(new Finding(FindingKind.UnknownModel, $"model {r.ModelId} is not registered on L1"));
        }

        var promptHash = ReceiptFields.PromptHash(published.Prompt);
        if (promptHash != r.PromptHash)
        {
            findings.Add(new Finding(
                FindingKind.PromptHashMismatch,
                $"published prompt hashes to {promptHash}, receipt signs {r.PromptHash}"));
        }

        var paramsHash = ReceiptFields.ParamsHash(published.Params);
        if (paramsHash != r.ParamsHash)
        {
            findings.Add(new Finding(
                FindingKind.ParamsHashMismatch,
                $"published parameters (max_tokens {published.Params.MaxTokens}, temperature_milli {published.Params.TemperatureMilli}, seed {published.Params.Seed}) hash to {paramsHash}, receipt signs {r.ParamsHash}"));
        }

        var publishedOutputHash = ReceiptFields.OutputHash(published.OutputTokens);
        if (publishedOutputHash != r.OutputHash)
        {
            findings.Add(new Finding(
                FindingKind.OutputHashMismatch,
                $"published {published.OutputTokens.Count} output tokens hash to {publishedOutputHash}, receipt signs {r.OutputHash}: output altered after signing"));
        }

        // Re-execution only speaks when it ran on the signed inputs.
        var ours = InputsMatch(published) ? facts.Reexecution : null;
        var rejected = InputsMatch(published) ? facts.ReexecutionRejected : null;
        if (rejected is not null)
        {
            findings.Add(new Finding(
                FindingKind.InvalidRequest,
                $"the model cannot run the signed prompt and parameters ({rejected}); no honest execution yields this receipt"));
        }

        TraceDivergence? trace = null;
        if (ours is not null)
        {
            var ourOutputHash = ReceiptFields.OutputHash(ours.Tokens);
            if (ourOutputHash != r.OutputHash)
            {
                findings.Add(new Finding(FindingKind.OutputMismatch, DescribeOutputMismatch(published, ours, ourOutputHash)));
            }

            if (ours.TraceRoot != r.TraceRoot || ours.TraceLength != r.TraceLength)
            {
                trace = TraceDivergenceSolver.Locate(ours, r.TraceRoot, r.TraceLength, facts.ClaimedLeaves);
                findings.Add(new Finding(FindingKind.TraceMismatch, DescribeTraceMismatch(trace)));
            }
        }

        var disputable = ours is not null
            && (findings.Any(f => f.Kind is FindingKind.OutputMismatch or FindingKind.TraceMismatch))
            && signatureOk
            && facts.Inclusion == InclusionStatus.Included;

        return new Verdict(
            facts.Digest,
            r.RequestId,
            r.ModelId,
            r.Executor,
            r.Nonce,
            published.BatchIndex,
            published.LeafIndex,
            facts.Inclusion,
            facts.CheckedAt,
            ours is not null || rejected is not null,
            disputable,
            findings,
            trace);
    }

    private static bool InputsMatch(PublishedReceipt published) =>
        ReceiptFields.PromptHash(published.Prompt) == published.Receipt.PromptHash
        && ReceiptFields.ParamsHash(published.Params) == published.Receipt.ParamsHash;

    private static bool SameAddress(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string address) =>
        address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address;

    private static string DescribeOutputMismatch(PublishedReceipt published, Reexecution ours, Bytes32 ourOutputHash)
    {
        var message = $"re-execution produced {ours.Tokens.Count} tokens hashing to {ourOutputHash}, receipt signs {published.Receipt.OutputHash}";

        // The published tokens are what the executor signed only when they hash to the signed value.
        if (ReceiptFields.OutputHash(published.OutputTokens) == published.Receipt.OutputHash)
        {
            var n = Math.Min(ours.Tokens.Count, published.OutputTokens.Count);
            var i = 0;
            while (i < n && ours.Tokens[i] == published.OutputTokens[i])
            {
                i++;
            }

            message += i < n
                ? $"; first differing token at position {i}: ours {ours.Tokens[i]}, executor's {published.OutputTokens[i]}"
                : $"; one output is a prefix of the other (ours {ours.Tokens.Count} tokens, executor's {published.OutputTokens.Count})";
        }

        return message;
    }

    private static string DescribeTraceMismatch(TraceDivergence t)
    {
        var message = $"re-execution trace root {t.OurRoot} over {t.OurLength} leaves, receipt claims {t.ClaimedRoot} over {t.ClaimedLength} leaves";
        return t.FirstDifferingLeaf is { } first
            ? message + $"; first differing leaf {first}"
            : message + $"; executor's leaves are not published, bisection over prefix roots starts on leaf counts [{t.BisectionLow}, {t.BisectionHigh}]";
    }
}
