using System.Diagnostics;
using System.Globalization;
using Otr.Dispute.Bench;
using Otr.Inference;
using Otr.Inference.Fine;
using Otr.Protocol;
using Otr.Protocol.Dispute;

// Gas of whole dispute games on the demo model, on a fresh Anvil with the real Q8OneStepVerifier: a cheating
// executor signs a trace with one coarse leaf tampered, the honest challenger opens a game and both sides play it
// to the end with DisputePlayer. Then the one-step check's gas per fine op kind. Exits 1 when a game does not end
// with ChallengerWins on the tampered leaf or takes more moves than its bound, when an op kind was not measured, or
// when a one-step check exceeds half a 30M-gas block.
const long BlockGas = 30_000_000;
const string Prompt = "<|user|>Why?<|eos|><|assistant|>";
var quick = args.Contains("--quick");
int[] lengths = quick ? [1, 4] : [1, 2, 4, 8, 16, 32, 64, 128];
var clock = Stopwatch.StartNew();
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(quick ? 5 : 60));
var ct = cancel.Token;
var failures = new List<string>();
static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

var model = DemoModelFactory.Create(1);
var layout = new FineLayout(model.Config);
var promptTokens = ByteTokenizer.EncodePrompt(Prompt).Length;
Console.WriteLine(F($"dispute gas, demo model (seed 1: D {model.Config.Dim}, F {model.Config.MlpDim}, H {model.Config.Heads}, L {model.Config.Layers}, V {model.Config.VocabSize}), prompt of n = {promptTokens} tokens, greedy"));
Console.WriteLine(F($"fresh Anvil, real Q8OneStepVerifier; {(quick ? "--quick" : "full run")}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores"));
Console.WriteLine();

await using var chain = await DisputeChain.StartAsync(model, ct);
var oneStep = new OneStepGas(chain.Owner, chain.Verifier);
var games = new List<Game>();
foreach (var g in lengths)
{
    var parameters = new DecodingParams((uint)g, 0, 0);
    var output = Output(model, parameters);
    var challenger = Q8DisputeTrace.Replay(new ReferenceInterpreter(model), Prompt, output, parameters);

    // The cheater replaces the leaf of one layer step at a position and layer drawn with a fixed seed.
    var rng = new Random(g);
    var tampered = new CoarseStep(rng.Next(promptTokens + output.Count - 1), 1 + rng.Next(model.Config.Layers));
    var k = (ulong)layout.CoarseIndex(promptTokens, tampered.Position, tampered.Step);
    var executor = Q8DisputeTrace.Replay(new ReferenceInterpreter(model), Prompt, output, parameters,
        tamperedLeaves: new Dictionary<ulong, Bytes32> { [k] = Keccak.HashUtf8(F($"tampered leaf {g}")) });
    games.Add(await PlayAsync(games.Count, "tampered leaf", output, parameters, executor, challenger, k));
}

if (!quick)
{
    // A model downgrade: the cheater computes with other weights, so the traces part at the first leaf.
    const int g = 16;
    var parameters = new DecodingParams(g, 0, 0);
    var output = Output(model, parameters);
    var challenger = Q8DisputeTrace.Replay(new ReferenceInterpreter(model), Prompt, output, parameters);
    var executor = Q8DisputeTrace.Replay(new ReferenceInterpreter(DemoModelFactory.Create(2)), Prompt, output, parameters, registered: model);
    games.Add(await PlayAsync(games.Count, "other weights", output, parameters, executor, challenger, null));
}

// 1. per game
Console.WriteLine("1. whole games (moves after open; bound = 2⌈log2 N⌉ + 2⌈log2 m⌉ + 4: the bisection rounds, then revealLeaf, commitFine, revealLeaf, step)");
var perGame = new TextTable("cheat", "g", "N", "log2 N", "disputed step", "k", "m", "coarse moves", "2⌈log2 N⌉", "fine moves", "moves", "bound", "total gas", "open gas", "max move gas", "heaviest move", "outcome");
foreach (var game in games)
{
    var heaviest = game.Moves.MaxBy(m => m.Gas)!;
    perGame.Add(game.Cheat, game.OutputTokens, game.TraceLength, F($"{Math.Log2(game.TraceLength):F2}"), Disputed(game), game.Final.CoarseIndex, game.Final.FineLength,
        game.Moves.Count(m => m.IsCoarseBisection), 2 * DisputeRules.MaxRounds(game.TraceLength), game.Moves.Count(m => m.IsFineBisection), game.Moves.Count, game.Bound,
        F($"{game.OpenGas + game.Moves.Sum(m => m.Gas):N0}"), F($"{game.OpenGas:N0}"), F($"{heaviest.Gas:N0}"), heaviest.Move,
        F($"{game.Final.Outcome} by {game.Final.Reason}"));
}

Console.Write(perGame);
var series = games.Where(x => x.Cheat == "tampered leaf").ToList();
if (series.Count >= 3)
{
    Console.WriteLine(F($"  coarse moves per doubling of N (least squares over the tampered-leaf games): {Slope(series, m => m.IsCoarseBisection):F2} (one bisection round = 2)"));
}

Console.WriteLine();

// 2. one game move by move: the longest
var shown = series.MaxBy(x => x.TraceLength)!;
Console.WriteLine(F($"2. each move of the game on g = {shown.OutputTokens} (N = {shown.TraceLength}, disputed step {Disputed(shown)}, m = {shown.Final.FineLength})"));
var perMove = new TextTable("#", "party", "phase", "move", "range left", "gas");
perMove.Add(0, "challenger", "", "open", F($"[0, {shown.TraceLength})"), F($"{shown.OpenGas:N0}"));
for (var i = 0; i < shown.Moves.Count; i++)
{
    var m = shown.Moves[i];
    var range = m.IsCoarseBisection || m.IsFineBisection ? F($"[{m.Lo}, {m.Hi})") : "";
    perMove.Add(i + 1, m.Party.ToString().ToLowerInvariant(), m.Phase, m.Move, range, F($"{m.Gas:N0}"));
}

Console.Write(perMove);
Console.WriteLine(F($"  total {shown.OpenGas + shown.Moves.Sum(m => m.Gas):N0} gas in {shown.Moves.Count + 1} transactions"));
Console.WriteLine();

// 3. the one-step check per op kind, on the longest request (largest token list and attention span)
var longest = series.MaxBy(x => x.OutputTokens)!;
var greedy = Request.Replay(model, Prompt, longest.Output, longest.Parameters);
var sampled = Request.Replay(model, Prompt, longest.Output, new DecodingParams(longest.Parameters.MaxTokens, 800, 42));
var t = greedy.LastPosition;
await oneStep.MeasureAsync(greedy, t, 0, quick, F($"embed t {t}"), ct);
await oneStep.MeasureAsync(greedy, t, model.Config.Layers, quick, F($"layer {model.Config.Layers} t {t}"), ct);
await oneStep.MeasureAsync(greedy, t, model.Config.Layers + 1, quick, F($"greedy emit t {t}"), ct);
await oneStep.MeasureAsync(sampled, t, model.Config.Layers + 1, quick, F($"sampled emit t {t}"), ct);
Console.WriteLine(F($"3. one-step check (Q8OneStepVerifier.fineLeaf, eth_estimateGas of a direct call, intrinsic gas and calldata included), worst per op kind;"));
Console.WriteLine(F($"   request of g = {longest.OutputTokens} (n + g = {greedy.Tokens.Length} tokens, {FineLayout.Blocks(t + 1)} position blocks at t {t}), {(quick ? "first and last block of each op" : "every fine step")} of its embed, last layer, greedy and sampled emit steps at t {t}; block = {BlockGas:N0} gas"));
var perOp = new TextTable("op", "worst gas", "% of block", "headroom", "checks", "worst at");
foreach (var op in Enum.GetValues<FineOp>())
{
    if (!oneStep.Worst.TryGetValue(op, out var seen))
    {
        failures.Add(F($"op {op} was not measured"));
        continue;
    }

    perOp.Add(op, F($"{seen.Gas:N0}"), F($"{100.0 * seen.Gas / BlockGas:F2} %"), F($"{(double)BlockGas / seen.Gas:F1}×"), seen.Checks, seen.Where);
    if (seen.Gas > BlockGas / 2)
    {
        failures.Add(F($"the one-step check of {op} takes {seen.Gas:N0} gas, over half a block"));
    }
}

Console.Write(perOp);
var worst = oneStep.Worst.Values.MaxBy(w => w.Gas)!;
Console.WriteLine(F($"  worst check: {worst.Op} {worst.Gas:N0} gas = {100.0 * worst.Gas / BlockGas:F2} % of a block, headroom {(double)BlockGas / worst.Gas:F1}× ({BlockGas - worst.Gas:N0} gas to spare)"));
var heaviestStep = games.MaxBy(x => x.Step.Gas)!;
var overheads = games.Select(x => x.Step.Gas - x.CheckGas).ToArray();
Console.WriteLine(F($"  the game's step move carries the check: heaviest played {heaviestStep.Step.Move} {heaviestStep.Step.Gas:N0} gas (the check alone at its context {heaviestStep.CheckGas:N0});"));
Console.WriteLine(F($"  the game's own share of a step move (step gas − the check alone at the same context, over the {games.Count} games): {overheads.Min():N0} to {overheads.Max():N0} gas"));
var worstStep = worst.Gas + overheads.Max();
Console.WriteLine(F($"  a step move on the worst check would take about {worstStep:N0} gas = {100.0 * worstStep / BlockGas:F2} % of a block, headroom {(double)BlockGas / worstStep:F1}×"));
Console.WriteLine();

foreach (var failure in failures)
{
    Console.WriteLine("FAIL: " + failure);
}

Console.WriteLine(F($"dispute bench: {games.Count} games, all {(games.All(x => x.Final.Outcome == DisputeOutcome.ChallengerWins) ? "won by the challenger" : "NOT won by the challenger")}, worst one-step check {worst.Gas:N0} gas ({100.0 * worst.Gas / BlockGas:F2} % of a 30M block), {clock.Elapsed.TotalSeconds:F0} s"));
return failures.Count == 0 ? 0 : 1;

// The coarse step the game ended on.
string Disputed(Game game)
{
    var (position, step) = layout.Locate(promptTokens, (long)game.Final.CoarseIndex);
    var kind = step == 0 ? "embed" : step == model.Config.Layers + 1 ? "emit" : F($"layer {step}");
    return F($"t {position}, {kind}");
}

// The registered model's greedy answer: what the honest executor would have output.
static IReadOnlyList<int> Output(Q8Model model, DecodingParams parameters) =>
    new ReferenceInterpreter(model).Generate(ByteTokenizer.EncodePrompt(Prompt), parameters).Tokens;

// Moves (those matching the filter) per unit of log2 N, least squares.
static double Slope(IReadOnlyList<Game> games, Func<PlayedMove, bool> filter)
{
    var xs = games.Select(x => Math.Log2(x.TraceLength)).ToArray();
    var ys = games.Select(x => (double)x.Moves.Count(filter)).ToArray();
    double mx = xs.Average(), my = ys.Average();
    return xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
}

async Task<Game> PlayAsync(
    int index, string cheat, IReadOnlyList<int> output, DecodingParams parameters, Q8DisputeTrace executor, Q8DisputeTrace challenger, ulong? tampered)
{
    var (digest, open) = await chain.OpenGameAsync(index, Prompt, output, parameters, executor.Root, executor.CoarseLength, challenger.Root, ct);
    var (final, moves) = await GameRunner.PlayAsync(chain, digest, executor, challenger, ct);
    // The check alone at the context the game ended on, to tell the game's own share of its step move.
    var (_, checkGas) = await oneStep.CheckAsync(final.StepContext, challenger.Witnesses.Step(final.StepContext));
    var game = new Game(cheat, output, parameters, executor.CoarseLength, (long)open.GasUsed.Value, final, moves, checkGas);
    if (final.Outcome != DisputeOutcome.ChallengerWins)
    {
        failures.Add(F($"game {index} ({cheat}, g = {output.Count}) ended {final.Outcome} by {final.Reason}"));
    }

    if (tampered is { } k && final.CoarseIndex != k)
    {
        failures.Add(F($"game {index} ({cheat}, g = {output.Count}) ended on coarse leaf {final.CoarseIndex}, not on the tampered leaf {k}"));
    }

    if (moves.Count > game.Bound)
    {
        failures.Add(F($"game {index} ({cheat}, g = {output.Count}) took {moves.Count} moves, over its bound {game.Bound}"));
    }

    Console.Error.WriteLine(F($"game {index}: {cheat}, g = {output.Count}, N = {game.TraceLength}: {moves.Count} moves, {final.Outcome} ({clock.Elapsed.TotalSeconds:F0} s)"));
    return game;
}

/// <summary>One played game.</summary>
internal sealed record Game(
    string Cheat, IReadOnlyList<int> Output, DecodingParams Parameters, ulong TraceLength, long OpenGas, DisputeGameState Final, IReadOnlyList<PlayedMove> Moves, long CheckGas)
{
    public int OutputTokens => Output.Count;

    public PlayedMove Step => Moves.Single(m => m.Phase == DisputePhase.OneStep);

    public int Bound => (2 * DisputeRules.MaxRounds(TraceLength)) + (2 * DisputeRules.MaxRounds(Final.FineLength)) + 4;
}
