using System.Globalization;
using System.Runtime;
using System.Runtime.ExceptionServices;
using Otr.Api;
using Otr.Inference;
using Otr.Protocol;
using SequencerExecutorIdentity = Otr.Sequencer.Executors.ExecutorIdentity;

namespace Otr.Bench;

/// <summary>
/// What trace hashing and receipt signing cost on top of raw decoding, measured side by side in one
/// process on the demo model: (a) <c>OnnxQ8Engine.Generate</c> without a trace sink against (b) the
/// executor's real request path (validate and tokenize, engine with the per-request trace sink and
/// Merkle mountain range accumulator, receipt build, EIP-712 hash, TEE signature, receipt JSON) on
/// the same engine instance, request by request in alternating order; and (c) the sequencer's
/// receipt verification and durable (fsynced) store write for the same answers. See bench/README.md.
/// </summary>
internal static class BenchProgram
{
    private const double Target = 0.99;

    private static readonly string[] UserMessages =
    [
        "Hello!",
        "Tell me a story about rollups.",
        "What is an optimistic rollup, in one sentence?",
        "Summarise: the executor signs a receipt for every answer.",
        "Write a haiku about Merkle trees.",
        "Why do challengers re-execute disputed requests?",
        "List three uses of a trusted execution environment.",
        "Explain EIP-712 typed data signing to a new engineer.",
    ];

    public static async Task<int> Main(string[] args)
    {
        BenchOptions? o;
        try
        {
            o = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (o is null)
        {
            return 0;
        }

        if (o.SamplesFile is { } samples)
        {
            try
            {
                // Fail now, not after minutes of measuring, when the samples cannot be written.
                await File.WriteAllTextAsync(samples, string.Empty);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"--samples: cannot write '{samples}': {e.Message}");
                return 2;
            }
        }

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (o.Keccak)
        {
            OnDedicatedThread(() =>
            {
                KeccakBench.Run(o);
                return 0;
            });
            return 0;
        }

        var scratch = Path.Combine(Path.GetTempPath(), "otr-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        try
        {
            await RunAsync(o, scratch);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task RunAsync(BenchOptions o, string scratch)
    {
        // The executor serves the demo model; by default with EOS disabled (as Otr.Inference.Bench does) so
        // every request decodes exactly max_tokens. The model goes through a .q8 file like a production model.
        string? modelPath = null;
        var demo = o.Dim == DemoModelFactory.DemoConfig.Dim
            ? DemoModelFactory.Create()
            : DemoModelFactory.Create(DemoModelFactory.DefaultSeed, DemoModelFactory.DemoConfig with { Dim = o.Dim, Heads = o.Dim / 16, MlpDim = 4 * o.Dim });
        if (!o.Eos)
        {
            var noEos = demo.WithTensor(demo.Tensor("head_bias").WithElement(demo.Config.EosToken, -(1 << 24)));
            modelPath = Path.Combine(scratch, "otr-demo-q8-no-eos.q8");
            noEos.Save(modelPath);
        }
        else if (o.Dim != DemoModelFactory.DemoConfig.Dim)
        {
            modelPath = Path.Combine(scratch, "otr-demo-q8-d" + o.Dim + ".q8");
            demo.Save(modelPath);
        }

        await using var executor = await ExecutorHarness.StartAsync(modelPath);
        var state = executor.State;
        var config = state.Model.Executed.Config;
        var identity = new SequencerExecutorIdentity(state.Tee.EnclaveAddress, state.Model.Name, state.Model.WeightsRoot.ToString());
        var storeDirectory = o.StoreDirectory ?? Path.Combine(scratch, "sequencer");
        using var sequencer = new SequencerHarness(storeDirectory, state.Domain, identity);

        var prompts = Enumerable.Range(0, o.Prompts)
            .Select(i => ChatTemplate.Render([new ChatMessage("user", UserMessages[i % UserMessages.Length])]))
            .Select(text => (Text: text, Tokens: ByteTokenizer.EncodePrompt(text)))
            .ToArray();
        var engine = executor.Engine;
        var model = state.Model.Name;

        Console.WriteLine("OTR executor overhead: raw ONNX Runtime decoding vs the executor's trace + receipt path");
        if (o.Quick)
        {
            Console.WriteLine("--quick     smoke run: checks that everything runs; too short for the numbers to mean anything");
        }

        Console.WriteLine($"model      {model}{(o.Eos ? string.Empty : " with EOS disabled (every request decodes max_tokens)")}: D = {config.Dim}, L = {config.Layers}, F = {config.MlpDim}, C = {config.ContextLength}; {config.Layers + 2} trace leaves per generated token");
        Console.WriteLine($"executor   ExecutorApp.Build (off-chain), engine {engine.GetType().Name} (one session, shared by both paths), TEE simulated (insecure, dev only) {state.Tee.EnclaveAddress}");
        Console.WriteLine($"workload   {prompts.Length} chat prompts ({prompts.Min(p => p.Tokens.Length)}–{prompts.Max(p => p.Tokens.Length)} tokens), max_tokens {o.MaxTokens}, greedy; {o.Rounds}–{o.MaxRounds} rounds (more while the ratio's 95 % interval is wider than ±{o.Precision:F4}); per request: (a) and (b) back to back, order alternating");
        Console.WriteLine($"machine    {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; clocks {Clock.Description}");
        Console.WriteLine($"sequencer  ReceiptVerifier + FileReceiptStore in {storeDirectory}");
        if (prompts.Max(p => p.Tokens.Length) + o.MaxTokens > config.ContextLength)
        {
            Console.WriteLine($"note       the longest prompt + max_tokens exceeds the context ({config.ContextLength}); those requests stop early (finish reason 'context')");
        }

        // The HTTP endpoint answers the same as the in-process path (same tokens; its receipt verifies and is stored).
        var probe = sequencer.NewRequest(model, prompts[0].Text, o.MaxTokens);
        var overHttp = await executor.ExecuteOverHttpAsync(probe);
        var reference = engine.Generate(prompts[0].Tokens, new DecodingParams(o.MaxTokens, 0, probe.Seed));
        if (!overHttp.Tokens.SequenceEqual(reference.Tokens))
        {
            throw new InvalidOperationException("POST /v1/execute returned other tokens than raw decoding");
        }

        sequencer.Store(probe, overHttp, sequencer.Verify(probe, overHttp));

        // Everything timed runs on one dedicated thread (its CPU clock is the "thread CPU" column).
        var m = OnDedicatedThread(() => Measure(o, executor, sequencer, engine, model, prompts));
        var (requests, rounds, gc, threads, components, leafCount) = (m.Requests, m.Rounds, m.Gc, m.Threads, m.Components, m.LeafCount);

        if (o.SamplesFile is { } samplesFile)
        {
            WriteSamples(samplesFile, m);
        }

        // ---- report ----
        Console.WriteLine();
        Console.WriteLine($"warm-up    {m.WarmUpSeconds:F1} s, {m.WarmUpPasses} passes, {(m.JitQuiet ? "ended after a pass without JIT compilation" : "JIT still compiling when it ended")}; load average now {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine($"1. throughput: generated tokens/s over all {rounds.Count} rounds ({prompts.Length} requests per path per round, {requests.Sum(r => r.Tokens) / requests.Count:F0} tokens per request)");
        Console.WriteLine($"   ratio exec/raw: per request pair, raw time / executor time for the same tokens; the median over the {requests.Count} pairs with its");
        Console.WriteLine("   95 % interval (order statistics, no assumption on the shape), which a burst of other work on the machine during one run");
        Console.WriteLine("   moves little; pooled = Σ raw / Σ executor over all pairs, which such bursts move more");
        Console.WriteLine($"   {m.RoundsNote}");
        Console.WriteLine($"   {"clock",-12} {"raw ONNX",10} {"executor",10} {"ratio exec/raw",15} {"95 % interval",17} {"pooled",8} {"rounds min–max",16}");
        var ratios = new Dictionary<Metric, (double Ratio, double Low, double High)>();
        foreach (var metric in new[] { Metric.ProcessCpu, Metric.ThreadCpu, Metric.Wall })
        {
            var rawNs = requests.Sum(r => (double)r.Raw.Of(metric));
            var execNs = requests.Sum(r => (double)r.Exec.Of(metric));
            var tokens = requests.Sum(r => (double)r.Tokens);
            var perRound = rounds.Select(r => (double)r.Raw.Of(metric) / r.Exec.Of(metric)).ToArray();
            ratios[metric] = PairRatio(requests, metric);
            var (ratio, low, high) = ratios[metric];
            Console.WriteLine($"   {Name(metric),-12} {tokens / (rawNs / 1e9),10:F0} {tokens / (execNs / 1e9),10:F0} {ratio,15:F4} {low,8:F4} – {high:F4} {rawNs / execNs,8:F4} {perRound.Min(),7:F3} – {perRound.Max():F3}");
        }

        var process = ratios[Metric.ProcessCpu];
        var verdict = process.Ratio >= Target ? "PASS" : "BELOW TARGET";
        var certainty = process.Low >= Target ? "the whole interval is above the target"
            : process.High < Target ? "the whole interval is below the target"
            : "the interval straddles the target";
        Console.WriteLine($"   target ≥ {Target:F2} (process CPU): {verdict} ({certainty})");

        Console.WriteLine();
        Console.WriteLine($"2. per-request latency, ms ({requests.Count} requests; (b)−(a) paired per request)");
        Console.WriteLine($"   {string.Empty,-54} {"clock",-11} {"p50",8} {"p99",8} {"mean",8}");
        Line("(a) engine only: OnnxQ8Engine.Generate, no sink", "wall", requests.Select(r => r.Raw.WallNs / 1e6));
        Line("(b) executor path: validate, engine + sink, sign, JSON", "wall", requests.Select(r => r.Exec.WallNs / 1e6));
        Line("(b)−(a) added by trace hashing + receipt", "wall", requests.Select(r => (r.Exec.WallNs - r.Raw.WallNs) / 1e6));
        Line("(b)−(a) added by trace hashing + receipt", "thread CPU", requests.Select(r => (r.Exec.ThreadCpuNs - r.Raw.ThreadCpuNs) / 1e6));
        Line("(b)−(a) added by trace hashing + receipt", "process CPU", requests.Select(r => (r.Exec.ProcessCpuNs - r.Raw.ProcessCpuNs) / 1e6));
        Line("(c1) sequencer: ReceiptVerifier.Verify", "wall", requests.Select(r => r.Verify.WallNs / 1e6));
        Line("(c2) sequencer: FileReceiptStore.AddAsync (fsync)", "wall", requests.Select(r => r.Store.WallNs / 1e6));
        Line("(c) sequencer: verify + durable store", "wall", requests.Select(r => (r.Verify.WallNs + r.Store.WallNs) / 1e6));
        Line("(c) sequencer: verify + durable store", "thread CPU", requests.Select(r => (r.Verify.ThreadCpuNs + r.Store.ThreadCpuNs) / 1e6));

        Console.WriteLine($"   GC during the rounds: {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2 collections, {gc.Paused.TotalMilliseconds:F0} ms paused, {gc.Allocated / 1e6 / requests.Count:F2} MB allocated per request pair");
        Console.WriteLine($"   JIT during the rounds: {m.JitMethods} methods compiled, {m.JitTime.TotalMilliseconds:F0} ms");
        Console.WriteLine($"   CPU by thread during the rounds: {string.Join(", ", threads.Take(6).Select(t => $"{t.Name}{(t.Threads > 1 ? $" ×{t.Threads}" : string.Empty)} {t.Milliseconds:F0} ms"))}");

        Console.WriteLine();
        var rawCpu = Stats.Median(requests.Where(r => r.Prompt == prompts[0].Text).Select(r => r.Raw.ThreadCpuNs / 1e3));
        var measuredAdded = Stats.Median(requests.Where(r => r.Prompt == prompts[0].Text).Select(r => (r.Exec.ThreadCpuNs - r.Raw.ThreadCpuNs) / 1e3));
        Console.WriteLine($"3. where (b)−(a) goes: each step alone on one captured request (prompt 1, {leafCount} leaves), thread CPU µs per request");
        foreach (var row in components)
        {
            Console.WriteLine($"   {row.Name,-78} {row.Micros,9:F1} µs {100 * row.Micros / rawCpu,6:F2} %");
        }

        var sum = components.Sum(r => r.Micros);
        Console.WriteLine($"   {"sum of the steps",-78} {sum,9:F1} µs {100 * sum / rawCpu,6:F2} %");
        Console.WriteLine($"   {"measured (b)−(a), thread CPU, median over prompt 1's requests",-78} {measuredAdded,9:F1} µs {100 * measuredAdded / rawCpu,6:F2} %");
        Console.WriteLine($"   (% of prompt 1's raw request, median thread CPU {rawCpu / 1e3:F2} ms)");
        Console.WriteLine($"   allocated by one request on its thread: raw {m.Allocated.Raw / 1024.0:F0} KB, executor path {m.Allocated.Executor / 1024.0:F0} KB (+{(m.Allocated.Executor - m.Allocated.Raw) / 1024.0:F0} KB, {(m.Allocated.Executor - m.Allocated.Raw) / (double)m.LeafCount:F0} B per leaf)");

        Console.WriteLine();
        Console.WriteLine($"4. the same, in situ: prompt 1 run four ways back to back ({o.InSituRounds} times, order rotating), each adding one stage; thread CPU µs per request, median of the paired differences [95 % interval]");
        foreach (var stage in m.InSitu)
        {
            Console.WriteLine($"   {stage.Name,-68} {stage.MedianMicros,9:F1} µs [{stage.LowMicros,7:F1} – {stage.HighMicros,7:F1}] {100 * stage.MedianMicros / m.InSituRawMicros,6:F2} %");
        }

        Console.WriteLine($"   (% of the raw request here, median thread CPU {m.InSituRawMicros / 1e3:F2} ms)");

        var added = requests.Select(r => (r.Exec.WallNs - r.Raw.WallNs) / 1e6).ToArray();
        var addedCpu = requests.Select(r => (r.Exec.ThreadCpuNs - r.Raw.ThreadCpuNs) / 1e6).ToArray();
        var sequencerMs = requests.Select(r => (r.Verify.WallNs + r.Store.WallNs) / 1e6).ToArray();
        Console.WriteLine();
        Console.WriteLine(
            $"throughput ratio (executor/raw): {process.Ratio:F4} [95 % {process.Low:F4}–{process.High:F4}] {verdict} (target ≥ {Target:F2} on process CPU; thread CPU {ratios[Metric.ThreadCpu].Ratio:F4}, wall {ratios[Metric.Wall].Ratio:F4})  " +
            $"added latency p50 {Stats.Median(added):F2} ms p99 {Stats.Percentile(added, 0.99):F2} ms (thread CPU p50 {Stats.Median(addedCpu):F2} ms p99 {Stats.Percentile(addedCpu, 0.99):F2} ms)  " +
            $"sequencer verify+store p50 {Stats.Median(sequencerMs):F2} ms p99 {Stats.Percentile(sequencerMs, 0.99):F2} ms");
    }

    private static Measurement Measure(BenchOptions o, ExecutorHarness executor, SequencerHarness sequencer, IQ8Engine engine, string model, (string Text, int[] Tokens)[] prompts)
    {
        // Warm-up with the same pairs, not recorded (tiered JIT and dynamic PGO, ONNX Runtime's arena, the
        // store's page cache), until the JIT has been quiet for a whole pass: tier-1 recompilation on the
        // background thread otherwise lands in the process CPU of the measured rounds.
        var warmUp = Clock.Now();
        var passes = 0;
        var quiet = false;
        while (true)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            for (var i = 0; i < prompts.Length; i++)
            {
                RunPair(executor, sequencer, engine, model, prompts[i].Text, prompts[i].Tokens, o.MaxTokens, rawFirst: ((passes + i) & 1) == 0);
            }

            passes++;
            quiet = JitInfo.GetCompiledMethodCount() == compiled;
            var elapsed = (Clock.Now().WallNs - warmUp.WallNs) / 1e9;
            if (passes >= 2 && elapsed >= o.WarmupSeconds && (quiet || o.Quick || elapsed >= Math.Max(30, 3 * o.WarmupSeconds)))
            {
                break;
            }
        }

        var warmUpSeconds = (Clock.Now().WallNs - warmUp.WallNs) / 1e9;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gcBefore = GcSnapshot.Take();
        var jitBefore = (Methods: JitInfo.GetCompiledMethodCount(), Time: JitInfo.GetCompilationTime());
        var threadsBefore = ThreadCpu.Read();

        // At least --rounds rounds; then more, up to --max-rounds, while the process-CPU ratio's interval is wider than ±--precision.
        var requests = new List<Pair>();
        var rounds = new List<Round>();
        string roundsNote;
        for (var round = 0; ; round++)
        {
            if (round >= o.Rounds)
            {
                var (_, low, high) = PairRatio(requests, Metric.ProcessCpu);
                var half = (high - low) / 2;
                if (half <= o.Precision)
                {
                    roundsNote = round == o.Rounds
                        ? $"{round} rounds (--rounds); the process-CPU interval was already within ±{o.Precision:F4}"
                        : $"{round} rounds: more than --rounds {o.Rounds}, until the process-CPU interval was within ±{o.Precision:F4}";
                    break;
                }

                if (round >= o.MaxRounds)
                {
                    roundsNote = $"{round} rounds (--max-rounds): the process-CPU interval is still ±{half:F4}, wider than ±{o.Precision:F4}";
                    break;
                }
            }

            Clock raw = default, exec = default;
            long tokens = 0;
            for (var i = 0; i < prompts.Length; i++)
            {
                var pair = RunPair(executor, sequencer, engine, model, prompts[i].Text, prompts[i].Tokens, o.MaxTokens, rawFirst: ((round + i) & 1) == 0);
                requests.Add(pair);
                raw += pair.Raw;
                exec += pair.Exec;
                tokens += pair.Tokens;
            }

            rounds.Add(new Round(raw, exec, tokens));
        }

        var gc = GcSnapshot.Take() - gcBefore;
        var jit = (Methods: JitInfo.GetCompiledMethodCount() - jitBefore.Methods, Time: JitInfo.GetCompilationTime() - jitBefore.Time);
        var threads = ThreadCpu.Since(threadsBefore);
        var components = Components.Measure(
            executor,
            sequencer.NewRequest(model, prompts[0].Text, o.MaxTokens),
            o.ComponentSeconds,
            out var leafCount,
            out var allocated);
        var inSitu = InSitu.Measure(executor, () => sequencer.NewRequest(model, prompts[0].Text, o.MaxTokens), prompts[0].Tokens, o.InSituRounds, out var inSituRaw);
        return new Measurement(requests, rounds, roundsNote, gc, jit.Methods, jit.Time, threads, warmUpSeconds, passes, quiet, components, leafCount, allocated, inSitu, inSituRaw);
    }

    /// <summary>The median over request pairs of raw time / executor time on one clock, with its 95 % interval.</summary>
    private static (double Ratio, double Low, double High) PairRatio(List<Pair> requests, Metric metric)
    {
        var ratios = requests.Select(r => (double)r.Raw.Of(metric) / r.Exec.Of(metric)).ToArray();
        var (low, high) = Stats.MedianInterval(ratios, 0.95);
        return (Stats.Median(ratios), low, high);
    }

    private static T OnDedicatedThread<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = "otr-bench",
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>One request through both paths back to back, then the sequencer's verification and store of (b)'s answer.</summary>
    private static Pair RunPair(
        ExecutorHarness executor, SequencerHarness sequencer, IQ8Engine engine, string model, string prompt, int[] promptTokens, uint maxTokens, bool rawFirst)
    {
        var request = sequencer.NewRequest(model, prompt, maxTokens);
        var parameters = new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed);
        GenerationResult? raw = null;
        ExecuteResponse? exec = null;
        Clock rawTime, execTime;
        if (rawFirst)
        {
            rawTime = Time(() => raw = engine.Generate(promptTokens, parameters));
            execTime = Time(() => exec = executor.Execute(request));
        }
        else
        {
            execTime = Time(() => exec = executor.Execute(request));
            rawTime = Time(() => raw = engine.Generate(promptTokens, parameters));
        }

        if (!raw!.Tokens.SequenceEqual(exec!.Tokens))
        {
            throw new InvalidOperationException("the executor path generated other tokens than raw decoding of the same request");
        }

        var t0 = Clock.Now();
        var verified = sequencer.Verify(request, exec);
        var t1 = Clock.Now();
        sequencer.Store(request, exec, verified);
        var t2 = Clock.Now();
        return new Pair(prompt, raw.Tokens.Count, rawTime, execTime, t1 - t0, t2 - t1);
    }

    /// <summary>Every measured request pair as a CSV line (nanoseconds per clock), for analysis outside the program.</summary>
    private static void WriteSamples(string path, Measurement m)
    {
        using var file = new StreamWriter(path);
        file.WriteLine("round,prompt,tokens,raw_wall,raw_process,raw_thread,exec_wall,exec_process,exec_thread,verify_wall,store_wall");
        for (var i = 0; i < m.Requests.Count; i++)
        {
            var r = m.Requests[i];
            var prompt = Array.IndexOf(UserMessages, UserMessages.FirstOrDefault(u => r.Prompt.Contains(u, StringComparison.Ordinal)));
            file.WriteLine(string.Join(',', i / (m.Requests.Count / m.Rounds.Count), prompt, r.Tokens, r.Raw.WallNs, r.Raw.ProcessCpuNs, r.Raw.ThreadCpuNs, r.Exec.WallNs, r.Exec.ProcessCpuNs, r.Exec.ThreadCpuNs, r.Verify.WallNs, r.Store.WallNs));
        }
    }

    private static Clock Time(Action run)
    {
        var start = Clock.Now();
        run();
        return Clock.Now() - start;
    }

    private static void Line(string name, string clock, IEnumerable<double> values)
    {
        var v = values.ToArray();
        Console.WriteLine($"   {name,-54} {clock,-11} {Stats.Median(v),8:F3} {Stats.Percentile(v, 0.99),8:F3} {v.Average(),8:F3}");
    }

    private static string Name(Metric metric) => metric switch
    {
        Metric.ProcessCpu => "process CPU",
        Metric.ThreadCpu => "thread CPU",
        _ => "wall",
    };

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>One round's totals per path.</summary>
    private sealed record Round(Clock Raw, Clock Exec, long Tokens);

    private sealed record Measurement(
        List<Pair> Requests,
        List<Round> Rounds,
        string RoundsNote,
        GcSnapshot Gc,
        long JitMethods,
        TimeSpan JitTime,
        List<(string Name, int Threads, double Milliseconds)> Threads,
        double WarmUpSeconds,
        int WarmUpPasses,
        bool JitQuiet,
        IReadOnlyList<Components.Row> Components,
        long LeafCount,
        (long Raw, long Executor) Allocated,
        IReadOnlyList<InSitu.Stage> InSitu,
        double InSituRawMicros);

    /// <summary>One request's timings: (a) raw, (b) executor path, (c1) verify, (c2) store.</summary>
    private sealed record Pair(string Prompt, int Tokens, Clock Raw, Clock Exec, Clock Verify, Clock Store);
}
