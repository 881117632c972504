using System.Text.Json;

namespace Otr.Chain.Storage;

/// <summary>
/// An append-only file of JSON lines. Each append is flushed to disk (fsync) before it returns, and
/// a failed append is cut off again so the file never holds half a line before a whole one. On open,
/// a torn tail (the last lines not ending in a newline or not parsing, left by a crash mid-append) is
/// truncated: such an append never returned, so nothing acknowledged is lost. A line that does not
/// parse before a good one is corruption and stops the start loudly.
/// </summary>
/// <typeparam name="T">The line type.</typeparam>
public sealed class JsonLinesFile<T> : IDisposable
    where T : class
{
    private readonly FileStream _stream;
    private readonly JsonSerializerOptions _json;

    private JsonLinesFile(FileStream stream, JsonSerializerOptions json)
    {
        _stream = stream;
        _json = json;
    }

    /// <summary>The file's path.</summary>
    public string Path => _stream.Name;

    /// <summary>Opens (or creates) the file, returns its whole lines and cuts a torn tail; throws on corruption before intact lines.</summary>
    /// <param name="path">The file.</param>
    /// <param name="json">Serializer options of the lines.</param>
    /// <param name="lines">The lines read.</param>
    /// <param name="tornBytes">Bytes cut from the end (0 when the file ended cleanly).</param>
#pragma warning disable CA1000 // The factory needs T; a non-generic front class would only forward to it.
    public static JsonLinesFile<T> Open(string path, JsonSerializerOptions json, out List<T> lines, out int tornBytes)
#pragma warning restore CA1000
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            lines = [];
            var goodEnd = 0;
            var start = 0;
            var lineNumber = 0;
            string? badLine = null;
            while (start < bytes.Length)
            {
                var newline = Array.IndexOf(bytes, (byte)'\n', start);
                if (newline < 0)
                {
                    break;
                }

                lineNumber++;
                var parsed = TryParse(bytes.AsSpan(start, newline - start), json);
                if (parsed is null)
                {
                    badLine ??= $"line {lineNumber}";
                }
                else
                {
                    if (badLine is not null)
                    {
                        throw new InvalidDataException($"{path}: {badLine} is corrupt but later lines are intact; refusing to start (inspect the file)");
                    }

                    lines.Add(parsed);
                    goodEnd = newline + 1;
                }

                start = newline + 1;
            }

            tornBytes = bytes.Length - goodEnd;
            if (tornBytes > 0)
            {
                stream.SetLength(goodEnd);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
            return new JsonLinesFile<T>(stream, json);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one line and flushes it to disk; on failure the file is restored to its previous length.</summary>
    public void Append(T line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, _json);
        var buffer = new byte[bytes.Length + 1];
        bytes.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';
        var before = _stream.Length;
        try
        {
            _stream.Write(buffer);
            _stream.Flush(flushToDisk: true);
        }
        catch
        {
            try
            {
                _stream.SetLength(before);
                _stream.Seek(0, SeekOrigin.End);
            }
            catch (IOException)
            {
                // The next start truncates the torn tail instead.
            }

            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static T? TryParse(ReadOnlySpan<byte> line, JsonSerializerOptions json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, json);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // Bytes that are not UTF-8 (e.g. zeros written by a crash).
            return null;
        }
    }
}
