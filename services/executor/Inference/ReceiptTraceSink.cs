using Otr.Inference;
using Otr.Protocol;

namespace Otr.Executor.Inference;

/// <summary>
/// Per-request trace sink: appends every leaf hash to the request's accumulator, reports each
/// emitted token as soon as the engine chooses it and stops the engine when the request is
/// cancelled.
/// </summary>
/// <param name="accumulator">The request's trace accumulator.</param>
/// <param name="onToken">Called with each generated token as soon as it is chosen.</param>
/// <param name="cancellationToken">Aborts generation (by throwing from the sink) when cancelled.</param>
/// <param name="tamperIndex">Cheat only (<see cref="TraceCheat"/>): the index of the leaf to replace, or −1.</param>
internal sealed class ReceiptTraceSink(TraceRootAccumulator accumulator, Action<int>? onToken, CancellationToken cancellationToken, long tamperIndex = -1) : ITraceSink
{
    public void OnToken(int position, int token)
    {
        cancellationToken.ThrowIfCancellationRequested();
        onToken?.Invoke(token);
    }

    public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, Bytes32 leafHash) => OnLeaf(position, step, payload, leafHash.Span);

    public void OnLeaf(int position, int step, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> leafHash)
    {
        if (accumulator.Count == tamperIndex)
        {
            accumulator.Append(TraceCheat.Tamper(new Bytes32(leafHash)));
        }
        else
        {
            accumulator.Append(leafHash);
        }
    }
}
