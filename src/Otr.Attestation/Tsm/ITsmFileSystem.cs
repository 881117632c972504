namespace Otr.Attestation.Tsm;

/// <summary>The few file operations configfs-tsm needs; the physical implementation is plain System.IO.</summary>
internal interface ITsmFileSystem
{
    bool DirectoryExists(string path);

    bool FileExists(string path);

    void CreateDirectory(string path);

    void DeleteDirectory(string path);

    void WriteAllBytes(string path, byte[] bytes);

    byte[] ReadAllBytes(string path);
}

/// <summary>configfs through System.IO (configfs creates an entry's attribute files itself on mkdir).</summary>
internal sealed class PhysicalTsmFileSystem : ITsmFileSystem
{
    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: false);

    public void WriteAllBytes(string path, byte[] bytes)
    {
        // configfs attributes take one write() of the whole value; no truncation or temp files.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        stream.Write(bytes);
    }

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);
}
