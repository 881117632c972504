using System.Collections.Concurrent;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Kit;

/// <summary>
/// In-test stand-in for the L1 registries and rollup: registrations and batch roots held in memory,
/// inclusion checked exactly as the rollup does (<see cref="BatchVerifier"/>). Can fail on demand to
/// exercise the agent's retry path.
/// </summary>
internal sealed class FakeL1(Eip712Domain domain) : IRegistryReader, IBatchReader
{
    private readonly ConcurrentDictionary<(string, Bytes32), bool> _executors = new();
    private readonly ConcurrentDictionary<Bytes32, RegisteredModel> _models = new();
    private readonly ConcurrentDictionary<ulong, Batch> _batches = new();
    private int _failuresLeft;

    public int Calls;

    public void RegisterModel(Bytes32 modelId, Bytes32 weightsRoot) => _models[modelId] = new RegisteredModel(modelId, weightsRoot);

    public void RegisterExecutor(string executor, Bytes32 modelId) => _executors[(executor.ToLowerInvariant(), modelId)] = true;

    public void PostBatch(ulong index, Batch batch) => _batches[index] = batch;

    /// <summary>The next <paramref name="count"/> reads throw, as an unreachable RPC endpoint would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public Task<Eip712Domain> GetDomainAsync(CancellationToken cancellationToken)
    {
        Touch();
        return Task.FromResult(domain);
    }

    public Task<bool> IsRegisteredAsync(string executor, Bytes32 modelId, CancellationToken cancellationToken)
    {
        Touch();
        return Task.FromResult(_executors.ContainsKey((executor.ToLowerInvariant(), modelId)));
    }

    public Task<RegisteredModel?> GetModelAsync(Bytes32 modelId, CancellationToken cancellationToken)
    {
        Touch();
        return Task.FromResult(_models.GetValueOrDefault(modelId));
    }

    public Task<InclusionStatus> CheckInclusionAsync(
        ulong batchIndex, Bytes32 digest, ulong leafIndex, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken)
    {
        Touch();
        if (!_batches.TryGetValue(batchIndex, out var batch))
        {
            return Task.FromResult(InclusionStatus.BatchNotPosted);
        }

        var included = leafIndex <= int.MaxValue
            && BatchVerifier.Verify(batch, digest, new BatchInclusionProof((int)leafIndex, proof));
        return Task.FromResult(included ? InclusionStatus.Included : InclusionStatus.NotIncluded);
    }

    private void Touch()
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new HttpRequestException("L1 RPC unreachable (injected)");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
    }
}
