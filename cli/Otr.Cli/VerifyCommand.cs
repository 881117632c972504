using System.CommandLine;
using System.Text.Json;
using Otr.Cli.Devnet;
using Otr.Cli.Verify;

namespace Otr.Cli;

/// <summary><c>otr verify FILE</c>: checks a receipt offline (signature) and against L1 (registration, batch inclusion, lifecycle state).</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A chat/completion response, a /v1/receipts answer, or a bare receipt JSON ('-' reads stdin)" };
        var rpc = new Option<string?>("--rpc") { Description = "L1 JSON-RPC URL" };
        var rollup = new Option<string?>("--rollup") { Description = "OtrRollup address" };
        var registry = new Option<string?>("--executor-registry") { Description = "ExecutorRegistry address" };
        var sequencer = new Option<string?>("--sequencer") { Description = "Sequencer URL that serves batch proofs" };
        var apiKey = new Option<string?>("--api-key") { Description = "Sequencer API key" };
        var devnet = new Option<string?>("--devnet") { Description = "A devnet.json / ready file supplying all of the above (default: the running devnet's)" };
        var offline = new Option<bool>("--offline") { Description = "Check the signature only; consult neither L1 nor the sequencer" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("verify", "Verify a receipt: signature, executor registration, batch inclusion and lifecycle state on L1")
        {
            file, rpc, rollup, registry, sequencer, apiKey, devnet, offline, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            string document;
            try
            {
                var path = parse.GetValue(file)!;
                document = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"otr verify: cannot read the receipt: {e.Message}");
                return 2;
            }

            var target = new VerifyTarget(parse.GetValue(rpc), parse.GetValue(rollup), parse.GetValue(registry), parse.GetValue(sequencer), parse.GetValue(apiKey));
            if (parse.GetValue(offline))
            {
                target = new VerifyTarget(null, null, null, null, null);
            }
            else if (target.RpcUrl is null && LoadDevnet(parse.GetValue(devnet)) is { } info)
            {
                target = new VerifyTarget(info.RpcUrl, info.Contracts.Rollup, info.Contracts.ExecutorRegistry, target.SequencerUrl ?? info.Url, target.ApiKey ?? info.ApiKey);
            }

            ReceiptReport report;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                report = ReceiptReportBuilder.Build(await new ReceiptInspector(http).InspectAsync(document, target, ct));
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync($"otr verify: not a valid receipt: {e.Message}");
                return 2;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"otr verify: cannot reach L1 or the sequencer: {e.Message}");
                return 3;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    digest = report.Digest.ToString(),
                    valid = report.Valid,
                    state = report.StateName,
                    detail = report.StateDetail,
                    checks = report.Checks.Select(c => new { name = c.Name, passed = c.Passed, detail = c.Detail }),
                }, DevnetNetwork.JsonOptions));
            }
            else
            {
                Console.WriteLine($"receipt {report.Digest}");
                foreach (var c in report.Checks)
                {
                    Console.WriteLine($"  {(c.Passed switch { true => "ok  ", false => "FAIL", null => "--  " })} {c.Name}: {c.Detail}");
                }

                Console.WriteLine($"state: {report.StateName} ({report.StateDetail})");
            }

            return report.Valid ? 0 : 1;
        });
        return command;
    }

    private static DevnetInfo? LoadDevnet(string? path)
    {
        path ??= Path.Combine(DevnetCommand.DefaultDataDirectory(), "devnet.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<DevnetInfo>(File.ReadAllText(path)) : null;
    }
}
