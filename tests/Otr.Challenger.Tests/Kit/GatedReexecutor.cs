using Otr.Protocol;

namespace Otr.Challenger.Tests.Kit;

/// <summary>Runs the first <paramref name="allowed"/> re-executions, then blocks until cancelled: a process stopped mid-receipt.</summary>
internal sealed class GatedReexecutor(IReexecutor inner, int allowed) : IReexecutor, IDisposable
{
    private int _runs;

    public string ModelName => inner.ModelName;

    public Bytes32 ModelId => inner.ModelId;

    public Bytes32 WeightsRoot => inner.WeightsRoot;

    public int Blocked { get; private set; }

    public Reexecution Run(string prompt, DecodingParams parameters, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _runs) > allowed)
        {
            Blocked++;
            cancellationToken.WaitHandle.WaitOne();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return inner.Run(prompt, parameters, cancellationToken);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
