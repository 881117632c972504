namespace Otr.Sequencer.Executors;

/// <summary>An executor chosen for one request, with the identity the pool has learned for it.</summary>
/// <param name="Client">The client that reaches it.</param>
/// <param name="Identity">Its identity; the receipt must be signed by <see cref="ExecutorIdentity.Address"/>.</param>
public sealed record SelectedExecutor(IExecutorClient Client, ExecutorIdentity Identity);
