using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Otr.Bench;

/// <summary>
/// One reading of the three clocks the benchmark compares: wall time, CPU time of the whole process
/// (every thread: ONNX Runtime, GC, timers) and CPU time of the calling thread. On Linux both CPU
/// clocks come from <c>clock_gettime</c> (nanosecond resolution; <see cref="Process.TotalProcessorTime"/>
/// reads /proc in 10 ms ticks, too coarse for one request). Elsewhere the process clock falls back
/// to <see cref="Process.TotalProcessorTime"/> and the thread clock to the process clock.
/// </summary>
internal readonly record struct Clock(long WallNs, long ProcessCpuNs, long ThreadCpuNs)
{
    private static readonly bool Precise = OperatingSystem.IsLinux();
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Which clocks are in use, for the report header.</summary>
    public static string Description => Precise
        ? "clock_gettime(CLOCK_PROCESS_CPUTIME_ID / CLOCK_THREAD_CPUTIME_ID)"
        : "Process.TotalProcessorTime (coarse; thread CPU = process CPU)";

    public static Clock Now()
    {
        var ticks = Stopwatch.GetTimestamp();
        var wall = Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * NsPerTick);
        if (!Precise)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100;
            return new Clock(wall, cpu, cpu);
        }

        return new Clock(wall, NativeClock.Read(NativeClock.ProcessCpuTime), NativeClock.Read(NativeClock.ThreadCpuTime));
    }

    public static Clock operator -(Clock a, Clock b) => new(a.WallNs - b.WallNs, a.ProcessCpuNs - b.ProcessCpuNs, a.ThreadCpuNs - b.ThreadCpuNs);

    public static Clock operator +(Clock a, Clock b) => new(a.WallNs + b.WallNs, a.ProcessCpuNs + b.ProcessCpuNs, a.ThreadCpuNs + b.ThreadCpuNs);

    /// <summary>The reading of one metric, in nanoseconds.</summary>
    public long Of(Metric metric) => metric switch
    {
        Metric.Wall => WallNs,
        Metric.ProcessCpu => ProcessCpuNs,
        Metric.ThreadCpu => ThreadCpuNs,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}

/// <summary>The clocks of <see cref="Clock"/>.</summary>
internal enum Metric
{
    ProcessCpu,
    ThreadCpu,
    Wall,
}

/// <summary><c>clock_gettime</c> (Linux).</summary>
internal static partial class NativeClock
{
    public const int ProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID
    public const int ThreadCpuTime = 3;  // CLOCK_THREAD_CPUTIME_ID

    public static long Read(int clock)
    {
        if (ClockGetTime(clock, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({clock}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
