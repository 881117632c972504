using Otr.Protocol;

namespace Otr.Cli.Verify;

/// <summary>Pure judgement of gathered <see cref="ReceiptEvidence"/>: no I/O, no clock (L1 time is part of the evidence).</summary>
public static class ReceiptReportBuilder
{
    /// <summary>Builds the report.</summary>
    public static ReceiptReport Build(ReceiptEvidence e)
    {
        var r = e.Receipt;
        var checks = new List<ReceiptCheck>();
        var signerOk = e.RecoveredSigner is not null && string.Equals(e.RecoveredSigner, r.Receipt.Executor, StringComparison.OrdinalIgnoreCase);
        checks.Add(new("signature", signerOk, signerOk
            ? $"recovers to the executor {r.Receipt.Executor}"
            : $"recovers to {e.RecoveredSigner ?? "nothing (malformed signature)"}, not to the executor {r.Receipt.Executor}"));

        if (!e.OnChain)
        {
            checks.Add(new("l1", null, "not checked (offline)"));
            return new ReceiptReport(r.Digest, checks, signerOk ? ReceiptState.Provisional : null, "signed; L1 not consulted");
        }

        var domainOk = e.RollupDomain is { } d && d.ChainId == r.Domain.ChainId
            && string.Equals(d.VerifyingContract, r.Domain.VerifyingContract, StringComparison.OrdinalIgnoreCase);
        checks.Add(new("domain", domainOk, domainOk
            ? $"signed for rollup {r.Domain.VerifyingContract} on chain {r.Domain.ChainId}"
            : $"signed for rollup {r.Domain.VerifyingContract} on chain {r.Domain.ChainId}, but L1's rollup is {e.RollupDomain?.VerifyingContract} on chain {e.RollupDomain?.ChainId}"));
        checks.Add(new("registration", e.Registered == true, e.Registered == true
            ? $"executor {r.Receipt.Executor} is registered on L1 for model {r.Receipt.ModelId}"
            : $"executor {r.Receipt.Executor} is NOT registered on L1 for model {r.Receipt.ModelId}"));

        BatchState batch;
        if (e.Placement is null)
        {
            checks.Add(new("batch", null, "not batched yet"));
            batch = BatchState.Pending;
        }
        else if (e.PostedBatch is null)
        {
            checks.Add(new("batch", null, $"in batch {e.Placement.BatchIndex}, which is not on L1 yet"));
            batch = BatchState.Posting;
        }
        else
        {
            var p = e.Placement;
            checks.Add(new("inclusion", e.Included == true, e.Included == true
                ? $"included in batch {p.BatchIndex} at leaf {p.LeafIndex} (root {e.PostedBatch.Value.Root})"
                : $"the inclusion proof for batch {p.BatchIndex}, leaf {p.LeafIndex} does NOT verify against L1's root {e.PostedBatch.Value.Root}"));
            batch = BatchState.Posted;
        }

        var allOk = checks.All(c => c.Passed != false);
        if (!allOk)
        {
            return new ReceiptReport(r.Digest, checks, null, "a check failed");
        }

        var postedAt = e.PostedBatch?.PostedAt ?? 0;
        var state = e.Invalidated
            ? ReceiptState.Invalidated
            : ReceiptStatusPolicy.Evaluate(new ReceiptFacts(batch, postedAt, e.ChallengeWindow, e.L1Now, ReceiptDispute.None));
        var detail = state switch
        {
            ReceiptState.Provisional => "signed by a registered executor; waiting for its batch",
            ReceiptState.Posted => "its batch is being posted to L1",
            ReceiptState.Challengeable => $"batch on L1; challengeable for {postedAt + e.ChallengeWindow - e.L1Now} s more (until L1 time {postedAt + e.ChallengeWindow})",
            ReceiptState.Final => $"challenge window closed at L1 time {postedAt + e.ChallengeWindow}",
            ReceiptState.Invalidated => "invalidated on L1 by a dispute",
            _ => state.ToString(),
        };
        return new ReceiptReport(r.Digest, checks, state, detail);
    }
}
