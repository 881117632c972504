using System.CommandLine;
using Microsoft.Extensions.Logging;
using Otr.Cli.Devnet;
using Otr.Executor.Configuration;

namespace Otr.Cli;

/// <summary><c>otr devnet</c>: the whole network on this machine, on embedded defaults.</summary>
internal static class DevnetCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Sequencer HTTP port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 8080 };
        var rpcPort = new Option<int>("--rpc-port") { Description = "Anvil JSON-RPC port (0 = any free port)", DefaultValueFactory = _ => 0 };
        var window = new Option<TimeSpan>("--window") { Description = "Challenge window, e.g. 00:01:00 or 30s", DefaultValueFactory = _ => TimeSpan.FromSeconds(60), CustomParser = r => Durations.Parse(r) };
        var batchAge = new Option<TimeSpan>("--batch-age") { Description = "Cut a batch when its oldest receipt is this old", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = r => Durations.Parse(r) };
        var readyFile = new Option<string?>("--ready-file") { Description = "Write {url, apiKey, rpcUrl, contracts} as JSON to this path once serving" };
        var dataDir = new Option<string>("--data-dir") { Description = "State directory (wiped at start)", DefaultValueFactory = _ => DefaultDataDirectory() };
        var apiKey = new Option<string?>("--api-key") { Description = "Sequencer API key (random when absent)" };
        var cheat = new Option<CheatMode>("--cheat") { Description = "Make the executor cheat so the challenger can be seen catching it", DefaultValueFactory = _ => CheatMode.None };
        var noDefense = new Option<bool>("--no-defense") { Description = "The executor never answers dispute moves (it loses every game by timeout)" };
        var moveTimeout = new Option<TimeSpan>("--move-timeout") { Description = "Time per dispute move (whole seconds, at least 60 s)", DefaultValueFactory = _ => TimeSpan.FromSeconds(60), CustomParser = r => Durations.Parse(r) };
        var command = new Command("devnet", "Run Anvil, the contracts, an executor (simulated TEE), the sequencer and the challenger locally")
        {
            port, rpcPort, window, batchAge, readyFile, dataDir, apiKey, cheat, noDefense, moveTimeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new DevnetOptions
            {
                Port = parse.GetValue(port),
                RpcPort = parse.GetValue(rpcPort),
                Window = parse.GetValue(window),
                BatchMaxAge = parse.GetValue(batchAge),
                ReadyFile = parse.GetValue(readyFile),
                DataDirectory = parse.GetValue(dataDir)!,
                ApiKey = parse.GetValue(apiKey),
                Cheat = parse.GetValue(cheat),
                ExecutorDefends = !parse.GetValue(noDefense),
                MoveTimeout = parse.GetValue(moveTimeout),
            };
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning));
            await using var net = await DevnetNetwork.StartAsync(options, loggerFactory, ct);
            var i = net.Info;
            Console.WriteLine($"""

                OTR devnet is up (Ctrl+C stops it; state in {Path.GetFullPath(options.DataDirectory)})
                  sequencer  {i.Url}   (OpenAI-compatible, under /v1)
                  API key    {i.ApiKey}
                  L1 (anvil) {i.RpcUrl}   chain {i.ChainId}
                  rollup     {i.Contracts.Rollup}   window {options.Window.TotalSeconds:0} s
                  challenger {i.ChallengerUrl}/v1/findings   disputes {i.ChallengerUrl}/v1/disputes

                Try:
                  curl -s {i.Url}/v1/chat/completions -H 'Authorization: Bearer {i.ApiKey}' -H 'Content-Type: application/json' \
                    -d '{"{"}"model":"{i.Model}","messages":[{"{"}"role":"user","content":"Hello"{"}"}]{"}"}' > answer.json
                  ./otr verify answer.json
                """);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("stopping devnet");
            return 0;
        });
        return command;
    }

    /// <summary>The repository's <c>.devnet</c> when run through <c>./otr</c>, else <c>.devnet</c> here.</summary>
    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("OTR_REPO_ROOT") ?? Environment.CurrentDirectory, ".devnet");
}
