namespace Otr.Bench;

/// <summary>Garbage collections and their pauses over the measured rounds.</summary>
internal readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static GcSnapshot Take() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public static GcSnapshot operator -(GcSnapshot a, GcSnapshot b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);
}

/// <summary>CPU time per thread of this process from /proc/self/task (Linux; 10 ms ticks), to see what besides the measuring thread burns CPU.</summary>
internal static class ThreadCpu
{
    public static Dictionary<int, (string Name, long Ticks)> Read()
    {
        var result = new Dictionary<int, (string, long)>();
        if (!OperatingSystem.IsLinux())
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
                result[int.Parse(Path.GetFileName(dir))] = (name, long.Parse(fields[11]) + long.Parse(fields[12]));
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return result;
    }

    /// <summary>Threads' CPU milliseconds since <paramref name="before"/>, by thread name, largest first.</summary>
    public static List<(string Name, int Threads, double Milliseconds)> Since(Dictionary<int, (string Name, long Ticks)> before)
    {
        var msPerTick = 1000.0 / 100; // USER_HZ
        return Read()
            .Select(t => (t.Value.Name, Ticks: t.Value.Ticks - (before.TryGetValue(t.Key, out var b) ? b.Ticks : 0)))
            .GroupBy(t => t.Name)
            .Select(g => (g.Key, g.Count(), g.Sum(t => t.Ticks) * msPerTick))
            .Where(t => t.Item3 > 0)
            .OrderByDescending(t => t.Item3)
            .ToList();
    }
}
