using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Otr.Messaging;

/// <summary>
/// The devnet's message bus: Kafka semantics inside one process. Topics are append-only logs split into
/// key-hashed partitions; consumer groups share a topic's partitions among their members and keep
/// committed offsets; consumers wait asynchronously for new messages. With
/// <see cref="InProcessBusOptions.Directory"/> set, logs and offsets are files, so a bus re-opened over
/// the same directory continues where the last one stopped. Thread-safe. One instance per directory.
/// </summary>
public sealed partial class InProcessBus : IMessageBus
{
    private const string OffsetsFile = "offsets.json";

    private readonly Lock _gate = new();
    private readonly InProcessBusOptions _options;
    private readonly string? _directory;
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, string Group), List<InProcessConsumer>> _groups = [];
    // group -> topic -> partition -> next offset to read
    private readonly Dictionary<string, Dictionary<string, Dictionary<int, long>>> _committed = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a bus; loads existing topics and offsets when <see cref="InProcessBusOptions.Directory"/> is set.</summary>
    public InProcessBus(InProcessBusOptions? options = null)
    {
        _options = options ?? new InProcessBusOptions();
        if (_options.Partitions < 1)
            throw new ArgumentException($"{nameof(InProcessBusOptions)}.{nameof(InProcessBusOptions.Partitions)} must be at least 1 (was {_options.Partitions}).", nameof(options));
        if (_options.Directory is null)
            return;
        _directory = Path.GetFullPath(_options.Directory);
        Directory.CreateDirectory(Path.Combine(_directory, "topics"));
        var offsets = Path.Combine(_directory, OffsetsFile);
        if (File.Exists(offsets))
            _committed = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<int, long>>>>(File.ReadAllBytes(offsets))!;
        foreach (var topicDir in Directory.EnumerateDirectories(Path.Combine(_directory, "topics")))
            GetOrCreateTopic(Path.GetFileName(topicDir));
    }

    /// <inheritdoc />
    public Task<PublishResult> PublishAsync(string topic, string key, ReadOnlyMemory<byte> value, IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        ValidateTopic(topic);
        ArgumentNullException.ThrowIfNull(key);
        ct.ThrowIfCancellationRequested();
        var copy = headers is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(headers, StringComparer.Ordinal);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = GetOrCreateTopic(topic);
            var partition = PartitionOf(key, state.Logs.Length);
            var log = state.Logs[partition];
            var message = new BusMessage(topic, partition, log.Count, key, value.ToArray(), copy, DateTimeOffset.UtcNow);
            state.Files[partition]?.Append(message);
            log.Add(message);
            state.Notify();
            return Task.FromResult(new PublishResult(topic, partition, message.Offset));
        }
    }

    /// <inheritdoc />
    public Task<IMessageConsumer> SubscribeAsync(string topic, string groupId, CancellationToken ct = default)
    {
        ValidateTopic(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = GetOrCreateTopic(topic);
            var consumer = new InProcessConsumer(this, topic, groupId);
            if (!_groups.TryGetValue((topic, groupId), out var members))
                _groups[(topic, groupId)] = members = [];
            members.Add(consumer);
            Rebalance(state, groupId, members);
            return Task.FromResult<IMessageConsumer>(consumer);
        }
    }

    /// <summary>The committed offset (next offset to read) of a group on a topic partition; 0 when nothing was committed.</summary>
    public long GetCommittedOffset(string topic, string groupId, int partition = 0)
    {
        lock (_gate)
            return Committed(groupId, topic, partition);
    }

    /// <summary>Number of messages in a topic partition (its next offset).</summary>
    public long GetEndOffset(string topic, int partition = 0)
    {
        lock (_gate)
            return _topics.TryGetValue(topic, out var state) && partition < state.Logs.Length ? state.Logs[partition].Count : 0;
    }

    /// <summary>Closes the files; waiting consumers fail with <see cref="ObjectDisposedException"/>.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return ValueTask.CompletedTask;
            _disposed = true;
            foreach (var state in _topics.Values)
            {
                foreach (var file in state.Files)
                    file?.Dispose();
                state.Notify();
            }
        }
        return ValueTask.CompletedTask;
    }

    internal async ValueTask<BusMessage> ConsumeAsync(InProcessConsumer consumer, CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                ObjectDisposedException.ThrowIf(consumer.Disposed, consumer);
                var state = _topics[consumer.Topic];
                var partitions = consumer.Positions.Keys.Order().ToArray();
                for (var i = 0; i < partitions.Length; i++)
                {
                    // Round-robin over assigned partitions so a busy one cannot starve the others.
                    var partition = partitions[(consumer.NextPartitionIndex + i) % partitions.Length];
                    var position = consumer.Positions[partition];
                    if (position < state.Logs[partition].Count)
                    {
                        consumer.Positions[partition] = position + 1;
                        consumer.NextPartitionIndex = (consumer.NextPartitionIndex + i + 1) % partitions.Length;
                        return state.Logs[partition][(int)position];
                    }
                }
                changed = state.Changed.Task;
            }
            await changed.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    internal ValueTask CommitAsync(InProcessConsumer consumer, BusMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Topic != consumer.Topic)
            throw new ArgumentException($"The message is from topic '{message.Topic}', but this consumer reads '{consumer.Topic}'.", nameof(message));
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ObjectDisposedException.ThrowIf(consumer.Disposed, consumer);
            if (!consumer.Positions.ContainsKey(message.Partition))
                return ValueTask.CompletedTask; // revoked: the partition's new owner re-reads from the committed offset
            if (!_committed.TryGetValue(consumer.GroupId, out var topics))
                _committed[consumer.GroupId] = topics = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
            if (!topics.TryGetValue(consumer.Topic, out var partitions))
                topics[consumer.Topic] = partitions = [];
            partitions[message.Partition] = message.Offset + 1;
            SaveOffsets();
        }
        return ValueTask.CompletedTask;
    }

    internal IReadOnlyList<int> AssignedPartitions(InProcessConsumer consumer)
    {
        lock (_gate)
            return consumer.Positions.Keys.Order().ToArray();
    }

    internal void Leave(InProcessConsumer consumer)
    {
        lock (_gate)
        {
            if (consumer.Disposed)
                return;
            consumer.Disposed = true;
            consumer.Positions.Clear();
            if (_disposed || !_groups.TryGetValue((consumer.Topic, consumer.GroupId), out var members))
                return;
            members.Remove(consumer);
            Rebalance(_topics[consumer.Topic], consumer.GroupId, members);
        }
    }

    /// <summary>Spreads the topic's partitions over the group's members in join order; kept partitions keep their read position.</summary>
    private void Rebalance(TopicState state, string groupId, List<InProcessConsumer> members)
    {
        for (var m = 0; m < members.Count; m++)
        {
            var member = members[m];
            var assigned = Enumerable.Range(0, state.Logs.Length).Where(p => p % members.Count == m).ToHashSet();
            foreach (var revoked in member.Positions.Keys.Where(p => !assigned.Contains(p)).ToArray())
                member.Positions.Remove(revoked);
            foreach (var partition in assigned)
                member.Positions.TryAdd(partition, Committed(groupId, state.Name, partition));
            member.NextPartitionIndex = 0;
        }
        state.Notify();
    }

    private long Committed(string groupId, string topic, int partition) =>
        _committed.TryGetValue(groupId, out var topics) && topics.TryGetValue(topic, out var partitions)
            && partitions.TryGetValue(partition, out var offset)
            ? offset
            : 0;

    private TopicState GetOrCreateTopic(string topic)
    {
        if (_topics.TryGetValue(topic, out var state))
            return state;
        var count = _options.Partitions;
        var topicDir = _directory is null ? null : Path.Combine(_directory, "topics", topic);
        if (topicDir is not null && Directory.Exists(topicDir))
        {
            var onDisk = Directory.EnumerateFiles(topicDir, "*.log")
                .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f), out var p) ? p + 1 : 0)
                .DefaultIfEmpty(0)
                .Max();
            count = Math.Max(count, onDisk);
        }
        state = new TopicState(topic, count);
        for (var p = 0; p < count && topicDir is not null; p++)
            state.Files[p] = PartitionLogFile.Open(Path.Combine(topicDir, $"{p}.log"), topic, p, _options.FlushToDisk, state.Logs[p]);
        _topics[topic] = state;
        return state;
    }

    private void SaveOffsets()
    {
        if (_directory is null)
            return;
        var path = Path.Combine(_directory, OffsetsFile);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _committed);
            stream.Flush(_options.FlushToDisk);
        }
        File.Move(temp, path, overwrite: true); // atomic: readers see the old or the new offsets, never half
    }

    /// <summary>FNV-1a of the key's UTF-8 bytes: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static int PartitionOf(string key, int partitions)
    {
        if (partitions == 1)
            return 0;
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)partitions);
    }

    private static void ValidateTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!TopicName().IsMatch(topic) || topic is "." or "..")
            throw new ArgumentException($"Invalid topic name '{topic}': use 1-249 letters, digits, '.', '_' or '-' (Kafka's rule).", nameof(topic));
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex TopicName();

    private sealed class TopicState
    {
        public TopicState(string name, int partitions)
        {
            Name = name;
            Logs = Enumerable.Range(0, partitions).Select(_ => new List<BusMessage>()).ToArray();
            Files = new PartitionLogFile?[partitions];
        }

        public string Name { get; }

        public List<BusMessage>[] Logs { get; }

        public PartitionLogFile?[] Files { get; }

        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Wakes every waiting consumer; they re-check under the lock.</summary>
        public void Notify()
        {
            var previous = Changed;
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }
}
