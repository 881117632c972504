namespace Otr.Sequencer.Tests.Kit;

/// <summary>One fake executor and one sequencer shared by a test class (for tests that only read or add receipts).</summary>
public sealed class SequencerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public FakeExecutor Executor { get; private set; } = null!;

    public SequencerHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Executor = await FakeExecutor.StartAsync(SequencerHost.Domain);
        Host = await SequencerHost.StartAsync(_data.Path, [Executor], o => o.MaxMessages = 8);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Executor.DisposeAsync();
        _data.Dispose();
    }
}
