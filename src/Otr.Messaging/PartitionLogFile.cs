using System.Text;
using System.Text.Json;

namespace Otr.Messaging;

/// <summary>
/// One partition's append-only file: a JSON line per message. Loading stops at the first line that does
/// not parse (a torn append from a crash) and cuts the file there, so later appends stay readable.
/// </summary>
internal sealed class PartitionLogFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly bool _flushToDisk;

    private PartitionLogFile(FileStream stream, bool flushToDisk)
    {
        _stream = stream;
        _flushToDisk = flushToDisk;
    }

    public static PartitionLogFile Open(string path, string topic, int partition, bool flushToDisk, List<BusMessage> into)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var good = 0;
            while (good < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', good);
                if (end < 0 || !TryParse(bytes.AsSpan(good, end - good), topic, partition, into.Count, out var message))
                    break;
                into.Add(message);
                good = end + 1;
            }
            if (good < bytes.Length)
                stream.SetLength(good);
            stream.Seek(0, SeekOrigin.End);
            return new PartitionLogFile(stream, flushToDisk);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Append(BusMessage message)
    {
        var record = new Record(message.Offset, message.Key, message.Value.ToArray(), message.Headers, message.Timestamp);
        var line = JsonSerializer.SerializeToUtf8Bytes(record, MessageJson.Options);
        _stream.Write(line);
        _stream.WriteByte((byte)'\n');
        _stream.Flush(_flushToDisk);
    }

    public void Dispose() => _stream.Dispose();

    private static bool TryParse(ReadOnlySpan<byte> line, string topic, int partition, long expectedOffset, out BusMessage message)
    {
        message = null!;
        try
        {
            var record = JsonSerializer.Deserialize<Record>(line, MessageJson.Options);
            if (record is null || record.Offset != expectedOffset)
                return false;
            message = new BusMessage(topic, partition, record.Offset, record.Key, record.Value,
                record.Headers ?? new Dictionary<string, string>(), record.Timestamp);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private sealed record Record(long Offset, string Key, byte[] Value, IReadOnlyDictionary<string, string>? Headers, DateTimeOffset Timestamp);
}
