namespace Otr.Sequencer.Configuration;

/// <summary>
/// Settings of the sequencer, bound from the <c>Sequencer</c> configuration section and validated
/// when the host starts (see <see cref="SequencerOptionsValidator"/>). API keys are read from here
/// because configuration is where Kubernetes secrets and environment variables arrive; the options
/// object is never logged.
/// </summary>
public sealed class SequencerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Sequencer";

    /// <summary>Registered models and the executor endpoints that serve each.</summary>
    public IList<ModelRouteOptions> Models { get; } = [];

    /// <summary>
    /// Optional JSON file of further routes, <c>{"models":[{"name":"…","executors":["http://…"]}]}</c>, re-read while
    /// the sequencer runs (the Kubernetes operator maintains it in a ConfigMap mounted as a file). Its routes are
    /// added to <see cref="Models"/>; a model listed in both takes the union of the executors.
    /// </summary>
    public string? RoutesFile { get; set; }

    /// <summary>How often <see cref="RoutesFile"/> is checked for changes. Default 2 s.</summary>
    public TimeSpan RoutesReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Accepted API keys (<c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>When false, requests without a key are accepted (local devnet only). Default true.</summary>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>Largest prompt accepted, in UTF-16 characters of the rendered prompt. Default 32768.</summary>
    public int MaxPromptChars { get; set; } = 32_768;

    /// <summary>Largest <c>max_tokens</c> a request may ask for. Default 1024.</summary>
    public int MaxTokens { get; set; } = 1024;

    /// <summary><c>max_tokens</c> used when a request does not say. Default 128.</summary>
    public int DefaultMaxTokens { get; set; } = 128;

    /// <summary>Largest number of chat messages in one request. Default 256.</summary>
    public int MaxMessages { get; set; } = 256;

    /// <summary>Largest request body in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>How long one executor call may take before the sequencer gives up on it. Default 2 minutes.</summary>
    public TimeSpan ExecutorTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a failed executor endpoint is skipped by round-robin. Default 5 seconds.</summary>
    public TimeSpan ExecutorCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>EVM chain id of the EIP-712 domain receipts are signed under.</summary>
    public ulong ChainId { get; set; }

    /// <summary>Address of the OtrRollup contract (the EIP-712 verifying contract).</summary>
    public string RollupAddress { get; set; } = "";

    /// <summary>Directory of the durable receipt store (created if missing).</summary>
    public string DataDirectory { get; set; } = "";
}
