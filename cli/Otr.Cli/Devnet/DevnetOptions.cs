using Otr.Executor.Configuration;

namespace Otr.Cli.Devnet;

/// <summary>What <c>otr devnet</c> starts; every value has a working default.</summary>
public sealed record DevnetOptions
{
    /// <summary>Sequencer HTTP port on 127.0.0.1 (0 picks a free port).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Anvil JSON-RPC port (0 or null picks a free port).</summary>
    public int? RpcPort { get; set; }

    /// <summary>Challenge window of the rollup.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A batch is cut when its oldest receipt is this old.</summary>
    public TimeSpan BatchMaxAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A batch is cut as soon as this many receipts wait.</summary>
    public int BatchMaxCount { get; set; } = 32;

    /// <summary>Where the devnet keeps its state (wiped at start: the chain is fresh every run).</summary>
    public string DataDirectory { get; set; } = ".devnet";

    /// <summary>When set, a JSON file with url, apiKey, rpcUrl and contracts is written here once serving.</summary>
    public string? ReadyFile { get; set; }

    /// <summary>API key for the sequencer; a random one is generated when null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Seed of the demo model that is registered on L1.</summary>
    public int ModelSeed { get; set; } = 1;

    /// <summary>Minimum level of the services' logs.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>Makes the executor cheat, to watch the challenger catch it.</summary>
    public CheatMode Cheat { get; set; } = CheatMode.None;

    /// <summary>Honest executors started next to the first (which runs <see cref="Cheat"/>); the sequencer alternates between them.</summary>
    public int HonestExecutors { get; set; }

    /// <summary>Whether the executor answers dispute moves (false: it refuses, and loses every game by timeout).</summary>
    public bool ExecutorDefends { get; set; } = true;

    /// <summary>Time per dispute move.</summary>
    public TimeSpan MoveTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
