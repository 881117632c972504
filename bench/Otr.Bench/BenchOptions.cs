using System.Globalization;

namespace Otr.Bench;

/// <summary>Command line of the benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Otr.Bench [-- options]
          --rounds N        measured rounds at least (default 20; --quick 3)
          --max-rounds N    measured rounds at most: after --rounds, rounds go on while the process-CPU ratio's
                            95 % interval is wider than ±--precision (default 120; --quick 3)
          --precision X     half-width of that interval to stop at (default 0.0015)
          --max-tokens N    max_tokens of every request (default 128; --quick 32)
          --prompts N       requests per path per round, cycling over 8 chat prompts (default 8; --quick 4)
          --warmup S        warm-up seconds before measuring (default 3; --quick 0.5)
          --in-situ N       requests of section 4 (prompt 1 four ways each, order rotating; default 100; --quick 4)
          --quick           small run for CI smoke (a few seconds); explicit options still win
          --dim N           model width (default 64, the demo model; other widths use the demo recipe with
                            heads = N/16 and MLP width 4N, to see how the ratio moves with model size)
          --eos             serve the unmodified demo model (generation may stop early at EOS);
                            default: the demo model with EOS disabled, so every request decodes max_tokens
          --samples FILE    also write every measured request pair (ns per clock) to FILE as CSV
          --store-dir DIR   sequencer receipt store directory (default: a fresh temp directory, deleted at exit)
          --keccak          instead: trace hashing old vs new (scalar sponge per leaf and node vs 4-lane Keccak,
                            batched leaves and MMR nodes), interleaved rounds on the thread CPU clock
                            (--rounds is then the number of rounds per case, default 60; --max-tokens and --dim
                            shape the captured request)
          --help            this text
        """;

    public int Rounds { get; init; } = 20;

    /// <summary>Rounds at most (more than <see cref="Rounds"/> only while the ratio's interval is wider than <see cref="Precision"/>).</summary>
    public int MaxRounds { get; init; } = 120;

    /// <summary>True when --max-rounds was given (otherwise it is raised to --rounds when below it).</summary>
    public bool MaxRoundsGiven { get; init; }

    /// <summary>Half-width of the process-CPU ratio's 95 % interval at which measuring stops.</summary>
    public double Precision { get; init; } = 0.0015;

    public uint MaxTokens { get; init; } = 128;

    public int Prompts { get; init; } = 8;

    public double WarmupSeconds { get; init; } = 3;

    /// <summary>Seconds per component microbenchmark.</summary>
    public double ComponentSeconds { get; init; } = 0.4;

    public bool Quick { get; init; }

    /// <summary>Requests of section 4 (prompt 1 four ways each).</summary>
    public int InSituRounds { get; init; } = 100;

    public bool Eos { get; init; }

    public int Dim { get; init; } = 64;

    public string? StoreDirectory { get; init; }

    /// <summary>Where to write every measured request pair as CSV, or null.</summary>
    public string? SamplesFile { get; init; }

    /// <summary>Run the trace-hashing micro-benchmark (old vs new) instead of the executor benchmark.</summary>
    public bool Keccak { get; init; }

    /// <summary>Interleaved rounds per micro-benchmark case.</summary>
    public int MicroRounds { get; init; } = 60;

    /// <summary>Thread-CPU milliseconds per side per round of a micro-benchmark case.</summary>
    public double MicroMilliseconds { get; init; } = 5;

    /// <summary>Warm-up seconds per micro-benchmark case.</summary>
    public double MicroWarmupSeconds { get; init; } = 1;

    /// <summary>Parses the arguments; null after printing usage (for <c>--help</c>).</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions? Parse(string[] args)
    {
        var o = args.Contains("--quick")
            ? new BenchOptions { Quick = true, Rounds = 3, MaxRounds = 3, MaxTokens = 32, Prompts = 4, WarmupSeconds = 0.5, ComponentSeconds = 0.05, InSituRounds = 4, MicroRounds = 6, MicroMilliseconds = 1, MicroWarmupSeconds = 0.1 }
            : new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--keccak":
                    o = o with { Keccak = true };
                    break;
                case "--eos":
                    o = o with { Eos = true };
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return null;
                case "--rounds":
                    var rounds = (int)Number(args, ref i, 1, 100_000);
                    o = o with { Rounds = rounds, MicroRounds = rounds };
                    break;
                case "--max-rounds":
                    o = o with { MaxRounds = (int)Number(args, ref i, 1, 100_000), MaxRoundsGiven = true };
                    break;
                case "--precision":
                    o = o with { Precision = Number(args, ref i, 0, 1) };
                    break;
                case "--in-situ":
                    o = o with { InSituRounds = (int)Number(args, ref i, 1, 100_000) };
                    break;
                case "--max-tokens":
                    o = o with { MaxTokens = (uint)Number(args, ref i, 1, 4096) };
                    break;
                case "--prompts":
                    o = o with { Prompts = (int)Number(args, ref i, 1, 1000) };
                    break;
                case "--warmup":
                    o = o with { WarmupSeconds = Number(args, ref i, 0, 600) };
                    break;
                case "--dim":
                    o = o with { Dim = (int)Number(args, ref i, 16, 1024) };
                    if (o.Dim % 16 != 0)
                    {
                        throw new ArgumentException($"--dim must be a multiple of 16 (was {o.Dim})");
                    }

                    break;
                case "--samples":
                    o = o with { SamplesFile = Value(args, ref i) };
                    break;
                case "--store-dir":
                    o = o with { StoreDirectory = Value(args, ref i) };
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
            }
        }

        if (o.MaxRounds < o.Rounds)
        {
            if (o.MaxRoundsGiven)
            {
                throw new ArgumentException($"--max-rounds ({o.MaxRounds}) must be at least --rounds ({o.Rounds})");
            }

            o = o with { MaxRounds = o.Rounds };
        }

        return o;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static double Number(string[] args, ref int i, double min, double max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} must be a number in [{min}, {max}], got '{text}'");
        }

        return value;
    }
}
