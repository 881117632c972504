using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// Gathers the facts about one published receipt: recovers the signer, asks L1 about registration,
/// model and batch membership, and re-executes when <see cref="ReceiptCheckPolicy.ShouldReexecute"/> says it can tell something.
/// </summary>
internal sealed class ReceiptFactsLoader(
    IRegistryReader registry,
    IBatchReader batches,
    IBatchProofSource proofs,
    IReexecutor reexecutor,
    TimeProvider time)
{
    public async Task<ReceiptCheckFacts> LoadAsync(PublishedReceipt published, Bytes32 digest, CancellationToken cancellationToken)
    {
        var r = published.Receipt;
        var signer = ReceiptSigner.Recover(digest, published.Signature);
        var registered = await registry.IsRegisteredAsync(r.Executor, r.ModelId, cancellationToken).ConfigureAwait(false);
        var model = await registry.GetModelAsync(r.ModelId, cancellationToken).ConfigureAwait(false);
        var modelStatus = model is null ? ModelStatus.NotRegistered
            : model.ModelId == reexecutor.ModelId ? ModelStatus.Served
            : ModelStatus.NotServed;
        var inclusion = await CheckInclusionAsync(published, digest, cancellationToken).ConfigureAwait(false);
        var checkedAt = time.GetUtcNow();

        Reexecution? ours = null;
        string? rejected = null;
        if (ReceiptCheckPolicy.ShouldReexecute(published, modelStatus))
        {
            try
            {
                // Inference is CPU-bound and synchronous; keep it off the caller's context.
                ours = await Task.Run(() => reexecutor.Run(published.Prompt, published.Params, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                // The engine validates inputs deterministically; a refusal is a fact about the receipt, not a transient failure.
                rejected = e.Message;
            }
        }

        return new ReceiptCheckFacts(digest, signer, registered, modelStatus, inclusion, ours, rejected, checkedAt);
    }

    private async Task<InclusionStatus> CheckInclusionAsync(PublishedReceipt published, Bytes32 digest, CancellationToken cancellationToken)
    {
        if (published.BatchIndex is not { } batch || published.LeafIndex is not { } leaf)
        {
            return InclusionStatus.Unknown;
        }

        var proof = published.InclusionProof
            ?? await proofs.GetProofAsync(batch, leaf, cancellationToken).ConfigureAwait(false);
        return proof is null
            ? InclusionStatus.Unknown
            : await batches.CheckInclusionAsync(batch, digest, leaf, proof, cancellationToken).ConfigureAwait(false);
    }
}
