using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using Otr.Bench.Baseline;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Bench;

/// <summary>
/// <c>--keccak</c>: the trace-hashing work of the receipt path, old (the scalar sponge, one leaf and
/// one node at a time, <see cref="OldTraceHash"/>) against new (multi-lane Keccak: leaves hashed
/// together by <see cref="TreeHash.Leaves"/> in the decode loop's batches, MMR nodes in groups of 64) in one process, on one thread, in
/// interleaved rounds: each round times both sides back to back on the thread CPU clock, the order
/// alternating, and the ratio old/new is taken per round. On a shared machine the per-round ratio
/// is far steadier than either time.
/// </summary>
internal static class KeccakBench
{
    public static void Run(BenchOptions o)
    {
        Console.WriteLine("OTR trace hashing: old (scalar sponge per leaf and node) vs new (4/8-lane Keccak, batched leaves and MMR nodes), same process");
        Console.WriteLine($"machine    {Environment.ProcessorCount} cores, load average {BenchProgram.LoadAverage()}, .NET {Environment.Version}; AVX2 {Avx2.IsSupported}, AVX-512VL {Avx512F.VL.IsSupported}; 512-bit vectors accelerated {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");

        // One real request's leaves (demo model without EOS, so it decodes max_tokens), grouped by step as the decode loop hands them out.
        var demo = o.Dim == DemoModelFactory.DemoConfig.Dim
            ? DemoModelFactory.Create()
            : DemoModelFactory.Create(DemoModelFactory.DefaultSeed, DemoModelFactory.DemoConfig with { Dim = o.Dim, Heads = o.Dim / 16, MlpDim = 4 * o.Dim });
        var model = demo.WithTensor(demo.Tensor("head_bias").WithElement(demo.Config.EosToken, -(1 << 24)));
        var sink = new CollectingTraceSink(keepPayloads: true);
        var prompt = ByteTokenizer.EncodePrompt(ChatTemplate.Render([new ChatMessage("user", "Hello!")]));
        GenerationResult result;
        using (var engine = new OnnxQ8Engine(model))
        {
            result = engine.Generate(prompt, new DecodingParams(o.MaxTokens, 0, 1), sink);
        }

        var payloads = sink.Payloads.ToArray();
        var steps = StepLeaves.Split(payloads, model.Config.EmitStep);
        var batches = StepLeaves.Batches(payloads, model.Config.Dim);
        var decodeStep = steps[^1].Payloads;
        var tokens = result.Tokens.Count;
        Console.WriteLine($"request    D = {model.Config.Dim}, L = {model.Config.Layers}: {prompt.Length} prompt + {tokens} generated tokens, {payloads.Length} leaves; a decode step hashes {decodeStep.Length} leaves of {string.Join(", ", decodeStep.Select(p => p.Length))} bytes");
        var leafHashes = payloads.Select(p => TreeHash.Leaf(p)).ToArray();
        var four = decodeStep.Where(p => p.Length == decodeStep.Max(q => q.Length)).Take(4).ToArray();
        var fourLeaves = new StepLeaves(four);
        var hundred = new byte[100];
        var check = 0;

        Console.WriteLine($"rounds     {o.MicroRounds} per case, each side ≈ {o.MicroMilliseconds:F0} ms of thread CPU per round, order alternating; ratio = old / new per round");
        Console.WriteLine();
        Console.WriteLine($"   {"case",-66} {"old µs",9} {"new µs",9} {"ratio",7} {"p10–p90",13}");
        var rows = new List<(string Name, Comparison C)>
        {
            ("Keccak-256 of 100 bytes (1 permutation, scalar both)", Compare(o,
                () => check += OldTraceHash.Hash(hundred).Span[0],
                () => check += Keccak.Hash(hundred).Span[0])),
            ($"4 leaves of {four[0].Length} bytes: 4 × TreeHash.Leaf vs TreeHash.Leaves", Compare(o,
                () =>
                {
                    foreach (var m in four)
                    {
                        check += OldTraceHash.Leaf(m).Span[0];
                    }
                },
                () => check += fourLeaves.Hash()[0].Span[0])),
            ($"leaves of one decode step ({decodeStep.Length}): TreeHash.Leaf each vs batched", Compare(o,
                () =>
                {
                    foreach (var p in decodeStep)
                    {
                        check += OldTraceHash.Leaf(p).Span[0];
                    }
                },
                () => check += steps[^1].Hash()[0].Span[0])),
            ($"MMR: {leafHashes.Length} appends + Root (old accumulator vs groups of 64)", Compare(o,
                () =>
                {
                    var acc = new OldTraceHash.RootAccumulator();
                    foreach (var h in leafHashes)
                    {
                        acc.Append(h);
                    }

                    check += acc.Root.Span[0];
                },
                () =>
                {
                    var acc = new TraceRootAccumulator();
                    foreach (var h in leafHashes)
                    {
                        acc.Append(h);
                    }

                    check += acc.Root.Span[0];
                })),
            ($"whole request: {payloads.Length} leaves hashed + MMR + Root", Compare(o,
                () =>
                {
                    var acc = new OldTraceHash.RootAccumulator();
                    foreach (var p in payloads)
                    {
                        acc.Append(OldTraceHash.Leaf(p));
                    }

                    check += acc.Root.Span[0];
                },
                () =>
                {
                    var acc = new TraceRootAccumulator();
                    foreach (var batch in batches)
                    {
                        foreach (var h in batch.Hash())
                        {
                            acc.Append(h);
                        }
                    }

                    check += acc.Root.Span[0];
                })),
        };

        foreach (var (name, c) in rows)
        {
            Console.WriteLine($"   {name,-66} {c.OldMicros,9:F2} {c.NewMicros,9:F2} {c.Ratio,7:F2} {c.RatioP10,6:F2}–{c.RatioP90:F2}");
        }

        var whole = rows[^1].C;
        Console.WriteLine();
        Console.WriteLine($"   per generated token: old {whole.OldMicros / tokens:F2} µs, new {whole.NewMicros / tokens:F2} µs (whole request / {tokens})");
        Console.WriteLine($"   (checksum {check & 0xFF}; the old and new roots agree: {SameRoot(payloads, batches)})");
    }

    private static bool SameRoot(byte[][] payloads, StepLeaves[] steps)
    {
        var old = new OldTraceHash.RootAccumulator();
        foreach (var p in payloads)
        {
            old.Append(OldTraceHash.Leaf(p));
        }

        var acc = new TraceRootAccumulator();
        foreach (var step in steps)
        {
            foreach (var h in step.Hash())
            {
                acc.Append(h);
            }
        }

        return old.Root == acc.Root && old.Count == acc.Count;
    }

    /// <summary>Interleaved rounds of <paramref name="old"/> and <paramref name="new"/>, thread CPU.</summary>
    private static Comparison Compare(BenchOptions o, Action old, Action @new)
    {
        // Warm-up until tiered JIT has settled (both sides), then size a round to the target time.
        var warm = Clock.Now();
        long calls = 0;
        while (Clock.Now().WallNs - warm.WallNs < o.MicroWarmupSeconds * 1e9 || calls < 200)
        {
            old();
            @new();
            calls++;
        }

        var probe = Clock.Now();
        for (var i = 0; i < 20; i++)
        {
            old();
        }

        var perCall = Math.Max(1, (Clock.Now().ThreadCpuNs - probe.ThreadCpuNs) / 20.0);
        var n = (int)Math.Clamp(o.MicroMilliseconds * 1e6 / perCall, 1, 10_000_000);
        var ratios = new double[o.MicroRounds];
        var olds = new double[o.MicroRounds];
        var news = new double[o.MicroRounds];
        for (var r = 0; r < o.MicroRounds; r++)
        {
            double tOld, tNew;
            if ((r & 1) == 0)
            {
                tOld = Time(old, n);
                tNew = Time(@new, n);
            }
            else
            {
                tNew = Time(@new, n);
                tOld = Time(old, n);
            }

            olds[r] = tOld / n / 1e3;
            news[r] = tNew / n / 1e3;
            ratios[r] = tOld / tNew;
        }

        return new Comparison(Stats.Median(olds), Stats.Median(news), Stats.Median(ratios), Stats.Percentile(ratios, 0.1), Stats.Percentile(ratios, 0.9));
    }

    private static double Time(Action op, int n)
    {
        var start = Clock.Now();
        for (var i = 0; i < n; i++)
        {
            op();
        }

        return Clock.Now().ThreadCpuNs - start.ThreadCpuNs;
    }

    private sealed record Comparison(double OldMicros, double NewMicros, double Ratio, double RatioP10, double RatioP90);
}

/// <summary>
/// The leaves of one decode-loop step laid out as <c>DecodeLoop</c> queues them (one buffer, one
/// range per payload) and hashed as it does, with one <see cref="TreeHash.Leaves"/> call; replicated
/// here because the loop is internal to the engine.
/// </summary>
internal sealed class StepLeaves
{
    private readonly byte[] _buffer;
    private readonly Range[] _ranges;
    private readonly Bytes32[] _hashes;

    public StepLeaves(byte[][] payloads)
    {
        Payloads = payloads;
        _buffer = [.. payloads.SelectMany(p => p)];
        _ranges = new Range[payloads.Length];
        for (int i = 0, at = 0; i < payloads.Length; at += payloads[i].Length, i++)
        {
            _ranges[i] = new Range(at, at + payloads[i].Length);
        }

        _hashes = new Bytes32[payloads.Length];
    }

    public byte[][] Payloads { get; }

    /// <summary>The step's leaf hashes, in order (the array is reused by the next call).</summary>
    public Bytes32[] Hash()
    {
        TreeHash.Leaves(_buffer, _ranges, _hashes);
        return _hashes;
    }

    /// <summary>
    /// The payloads in the batches the decode loop hashes them in: consecutive runs of
    /// clamp(65536 / (8 + 3D), 8, 64) leaves (64 for the demo model), across decode steps.
    /// </summary>
    public static StepLeaves[] Batches(byte[][] payloads, int dim)
    {
        var size = Math.Clamp(64 * 1024 / (8 + (3 * dim)), 8, 64);
        return [.. payloads.Chunk(size).Select(chunk => new StepLeaves(chunk))];
    }

    /// <summary>The payloads split after each token leaf (step L+1), and every 32 leaves in between: how the decode loop batched them before batches spanned steps.</summary>
    public static StepLeaves[] Split(byte[][] payloads, int emitStep)
    {
        var steps = new List<StepLeaves>();
        var current = new List<byte[]>();
        foreach (var p in payloads)
        {
            current.Add(p);
            if (BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)) == emitStep || current.Count == 32)
            {
                steps.Add(new StepLeaves([.. current]));
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            steps.Add(new StepLeaves([.. current]));
        }

        return [.. steps];
    }
}
