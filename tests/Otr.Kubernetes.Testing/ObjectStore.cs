using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Otr.Kubernetes.Testing;

/// <summary>A watch event in the store's history.</summary>
/// <param name="ResourceVersion">The store revision of the change.</param>
/// <param name="Type">The resource type.</param>
/// <param name="EventType"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
/// <param name="Object">A snapshot of the object after the change (before, for deletions).</param>
public sealed record StoredEvent(long ResourceVersion, ResourceType Type, string EventType, JsonObject Object);

/// <summary>
/// The API server's storage: objects by (type, namespace, name), one global revision counter (the
/// resourceVersion), a bounded history of changes for watches, and the open watches.
/// </summary>
public sealed class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(ResourceType, string, string), JsonObject> _objects = [];
    private readonly List<StoredEvent> _history = [];
    private readonly List<Watch> _watches = [];
    private long _revision = 100;
    private long _compactedThrough = 100;

    /// <summary>How many changes the history keeps; watches from before it get 410 Gone.</summary>
    public int HistoryLimit { get; set; } = 100_000;

    /// <summary>The current revision.</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
                return _revision;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the store lock (read-modify-write of several objects).</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_gate)
            return action();
    }

    /// <summary>The stored object (a clone), or null.</summary>
    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
            return _objects.TryGetValue((type, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    /// <summary>All objects of a type (in <paramref name="ns"/>, or everywhere when null), cloned, and the revision.</summary>
    public (List<JsonObject> Items, long Revision) List(ResourceType type, string? ns)
    {
        lock (_gate)
        {
            var items = _objects.Where(p => p.Key.Item1 == type && (ns is null || p.Key.Item2 == ns))
                .OrderBy(p => p.Key.Item2, StringComparer.Ordinal).ThenBy(p => p.Key.Item3, StringComparer.Ordinal)
                .Select(p => (JsonObject)p.Value.DeepClone()).ToList();
            return (items, _revision);
        }
    }

    /// <summary>Every stored object with its type (for garbage collection).</summary>
    public List<(ResourceType Type, JsonObject Object)> All()
    {
        lock (_gate)
            return [.. _objects.Select(p => (p.Key.Item1, (JsonObject)p.Value.DeepClone()))];
    }

    /// <summary>Stores <paramref name="obj"/> (ADDED or MODIFIED), stamping a new resourceVersion; returns a clone.</summary>
    public JsonObject Put(ResourceType type, string ns, string name, JsonObject obj)
    {
        lock (_gate)
        {
            var rv = ++_revision;
            var meta = obj["metadata"]!.AsObject();
            meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            var existed = _objects.ContainsKey((type, ns, name));
            _objects[(type, ns, name)] = (JsonObject)obj.DeepClone();
            Publish(new StoredEvent(rv, type, existed ? "MODIFIED" : "ADDED", (JsonObject)obj.DeepClone()));
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>Removes the object (DELETED); returns it, or null when absent.</summary>
    public JsonObject? Remove(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove((type, ns, name), out var obj))
                return null;
            var rv = ++_revision;
            obj["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            Publish(new StoredEvent(rv, type, "DELETED", (JsonObject)obj.DeepClone()));
            return obj;
        }
    }

    /// <summary>Forgets all history: every watch from an older resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _revision;
        }
    }

    /// <summary>Ends every open watch (the server closes the streams; clients reconnect).</summary>
    public int CloseWatches()
    {
        lock (_gate)
        {
            var n = _watches.Count;
            foreach (var w in _watches)
                w.Events.Writer.TryComplete();
            _watches.Clear();
            return n;
        }
    }

    /// <summary>Open watches.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
                return _watches.Count;
        }
    }

    /// <summary>
    /// Opens a watch of <paramref name="type"/> from <paramref name="fromRevision"/> (null: from now,
    /// starting with ADDED for every current object). Returns null when the revision is compacted (410 Gone).
    /// </summary>
    public Watch? OpenWatch(ResourceType type, string? ns, Func<JsonObject, bool> filter, long? fromRevision)
    {
        lock (_gate)
        {
            if (fromRevision is { } from && from < _compactedThrough)
                return null;
            var watch = new Watch(type, ns, filter, this);
            if (fromRevision is { } start)
            {
                foreach (var e in _history.Where(e => e.ResourceVersion > start))
                    watch.Offer(e);
            }
            else
            {
                foreach (var (key, obj) in _objects.Where(p => p.Key.Item1 == type))
                    watch.Offer(new StoredEvent(_revision, type, "ADDED", (JsonObject)obj.DeepClone()));
            }

            _watches.Add(watch);
            return watch;
        }
    }

    internal void CloseWatch(Watch watch)
    {
        lock (_gate)
            _watches.Remove(watch);
        watch.Events.Writer.TryComplete();
    }

    private void Publish(StoredEvent e)
    {
        _history.Add(e);
        if (_history.Count > HistoryLimit)
        {
            var drop = _history.Count - HistoryLimit;
            _compactedThrough = _history[drop - 1].ResourceVersion;
            _history.RemoveRange(0, drop);
        }

        foreach (var w in _watches)
            w.Offer(e);
    }

    /// <summary>An open watch: matching events queue in <see cref="Events"/>.</summary>
    public sealed class Watch
    {
        private readonly ResourceType _type;
        private readonly string? _ns;
        private readonly Func<JsonObject, bool> _filter;
        private readonly ObjectStore _store;

        internal Watch(ResourceType type, string? ns, Func<JsonObject, bool> filter, ObjectStore store)
        {
            _type = type;
            _ns = ns;
            _filter = filter;
            _store = store;
        }

        /// <summary>The queued events.</summary>
        public Channel<StoredEvent> Events { get; } = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

        /// <summary>Stops the watch.</summary>
        public void Close() => _store.CloseWatch(this);

        internal void Offer(StoredEvent e)
        {
            if (e.Type != _type)
                return;
            if (_ns is not null && (e.Object["metadata"]?["namespace"]?.GetValue<string>() ?? "") != _ns)
                return;
            if (_filter(e.Object))
                Events.Writer.TryWrite(e);
        }
    }
}
