using k8s;

namespace Otr.Operator.Runtime;

/// <summary>List and watch of one resource type (what an <see cref="Informer{T}"/> needs from the API server).</summary>
/// <typeparam name="T">The resource type.</typeparam>
public interface IResourceSource<T>
{
    /// <summary>Lists every object; returns them and the list's resourceVersion.</summary>
    Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken);

    /// <summary>Watches from <paramref name="resourceVersion"/> with bookmarks; errors sent as watch events reach <paramref name="onError"/>.</summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, Action<Exception> onError, CancellationToken cancellationToken);
}
