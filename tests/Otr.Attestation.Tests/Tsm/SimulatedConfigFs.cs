using Otr.Attestation.Tsm;

namespace Otr.Attestation.Tests.Tsm;

/// <summary>The configfs-tsm semantics of the kernel, in memory.</summary>
internal sealed class SimulatedConfigFs(string provider, byte[]? aux = null, Func<byte[], byte[]>? report = null) : ITsmFileSystem
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Entries => _entries.Keys;

    public int EntriesCreated { get; private set; }

    public int RacesLeft { get; set; }

    public Func<byte[], byte[]> Report { get; set; } = report ?? (inblob => [.. "QUOTE"u8, .. inblob]);

    public string? LastPrivilegeLevel { get; private set; }

    public bool DirectoryExists(string path) => path == ConfigFsTsm.DefaultRoot || _entries.ContainsKey(path);

    public bool FileExists(string path) => _entries.ContainsKey(Path.GetDirectoryName(path)!) && (Path.GetFileName(path) != "auxblob" || aux is not null);

    public void CreateDirectory(string path)
    {
        Assert.Equal(ConfigFsTsm.DefaultRoot, Path.GetDirectoryName(path));
        _entries.Add(path, new Entry());
        EntriesCreated++;
    }

    public void DeleteDirectory(string path) => Assert.True(_entries.Remove(path));

    public void WriteAllBytes(string path, byte[] bytes)
    {
        var entry = _entries[Path.GetDirectoryName(path)!];
        switch (Path.GetFileName(path))
        {
            case "inblob":
                Assert.True(bytes.Length <= 64);
                entry.InBlob = bytes;
                entry.Generation++;
                break;
            case "privlevel":
                LastPrivilegeLevel = System.Text.Encoding.ASCII.GetString(bytes);
                break;
            default:
                throw new UnauthorizedAccessException($"{path} is read-only");
        }
    }

    public byte[] ReadAllBytes(string path)
    {
        var entry = _entries[Path.GetDirectoryName(path)!];
        switch (Path.GetFileName(path))
        {
            case "outblob":
                var produced = Report(entry.InBlob);
                if (RacesLeft > 0)
                {
                    // Another process writes its own report data to the same entry meanwhile.
                    RacesLeft--;
                    entry.InBlob = Enumerable.Repeat((byte)0xEE, 64).ToArray();
                    entry.Generation++;
                }

                return produced;
            case "auxblob":
                return aux ?? throw new FileNotFoundException(path);
            case "generation":
                return System.Text.Encoding.ASCII.GetBytes(entry.Generation + "\n");
            case "provider":
                return System.Text.Encoding.ASCII.GetBytes(provider + "\n");
            default:
                throw new FileNotFoundException(path);
        }
    }

    private sealed class Entry
    {
        public byte[] InBlob { get; set; } = [];

        public long Generation { get; set; }
    }
}
