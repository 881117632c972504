using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Otr.Challenger.Tests.Kit;

internal static class HostExtensions
{
    public static IFindingStore Store(this IHost host) => host.Services.GetRequiredService<IFindingStore>();

    /// <summary>Polls until the host's store holds <paramref name="count"/> verdicts (fails after a generous timeout).</summary>
    public static async Task WaitForVerdictsAsync(this IHost host, int count, TimeSpan? timeout = null)
    {
        var store = host.Store();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (store.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"expected {count} verdicts, have {store.Count} after waiting");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
