using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Batching;

/// <summary>Stands in when neither <c>Sequencer:L1</c> is configured nor an <see cref="IBatchPoster"/> registered; the agent refuses to start with it.</summary>
internal sealed class UnconfiguredBatchPoster : IBatchPoster
{
    public const string Message =
        $"Batching is enabled but no L1 is configured: set {L1Options.SectionName}:RpcUrl and {L1Options.SectionName}:PrivateKeyFile, " +
        $"register an IBatchPoster, or set {BatchingOptions.SectionName}:Enabled=false";

    public Task<string> PostAsync(BatchRecord batch, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);
}
