using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Otr.Challenger;

/// <summary>Checks <see cref="ChallengerOptions"/> at start and names every setting that is wrong.</summary>
public sealed partial class ChallengerOptionsValidator : IValidateOptions<ChallengerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ChallengerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string S = ChallengerOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.GroupId))
        {
            errors.Add($"{S}:GroupId must not be empty");
        }

        if (string.IsNullOrWhiteSpace(options.FindingsPath))
        {
            errors.Add($"{S}:FindingsPath must not be empty");
        }

        if (!string.IsNullOrEmpty(options.ModelPath) && options.DemoSeed is not null)
        {
            errors.Add($"{S}:ModelPath and {S}:DemoSeed are exclusive; set one");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{S}:RetryDelay must be positive, got {options.RetryDelay}");
        }

        if (options.BatchWait < TimeSpan.Zero)
        {
            errors.Add($"{S}:BatchWait must not be negative, got {options.BatchWait}");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{S}:MaxRetryDelay ({options.MaxRetryDelay}) must be at least RetryDelay ({options.RetryDelay})");
        }

        var l1 = options.L1 ?? new ChallengerL1Options();
        if (!string.IsNullOrEmpty(l1.RpcUrl) && !(Uri.TryCreate(l1.RpcUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss"))
        {
            errors.Add($"{S}:L1:RpcUrl must be an absolute http(s) or ws(s) URL, got '{l1.RpcUrl}'");
        }

        foreach (var (key, value) in new[] { ("ModelRegistry", l1.ModelRegistry), ("ExecutorRegistry", l1.ExecutorRegistry), ("Rollup", l1.Rollup) })
        {
            if (!string.IsNullOrEmpty(value) && !Address().IsMatch(value))
            {
                errors.Add($"{S}:L1:{key} must be 0x followed by 40 hex digits, got '{value}'");
            }
            else if (!string.IsNullOrEmpty(l1.RpcUrl) && string.IsNullOrEmpty(value))
            {
                errors.Add($"{S}:L1:{key} is required with {S}:L1:RpcUrl");
            }
        }

        var d = options.Dispute;
        if (d.Enabled)
        {
            if (!Address().IsMatch(d.DisputeGame!))
            {
                errors.Add($"{S}:Dispute:DisputeGame must be 0x followed by 40 hex digits, got '{d.DisputeGame}'");
            }

            if (string.IsNullOrWhiteSpace(l1.RpcUrl))
            {
                errors.Add($"{S}:Dispute needs {S}:L1:RpcUrl");
            }

            if (string.IsNullOrWhiteSpace(d.PrivateKey) == string.IsNullOrWhiteSpace(d.PrivateKeyFile))
            {
                errors.Add($"{S}:Dispute needs exactly one of PrivateKey and PrivateKeyFile (the account that bonds and plays)");
            }
            else if (!string.IsNullOrWhiteSpace(d.PrivateKey) && !PrivateKey().IsMatch(d.PrivateKey.Trim()))
            {
                errors.Add($"{S}:Dispute:PrivateKey must be 0x followed by 64 hex digits");
            }

            if (string.IsNullOrWhiteSpace(d.JournalPath))
            {
                errors.Add($"{S}:Dispute:JournalPath must not be empty");
            }

            if (d.PollInterval <= TimeSpan.Zero)
            {
                errors.Add($"{S}:Dispute:PollInterval must be positive, got {d.PollInterval}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Address();

    [GeneratedRegex("^0x[0-9a-fA-F]{64}$")]
    private static partial Regex PrivateKey();
}
