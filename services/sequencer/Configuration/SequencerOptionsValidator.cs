using Microsoft.Extensions.Options;

namespace Otr.Sequencer.Configuration;

/// <summary>Checks <see cref="SequencerOptions"/> at start and names every key that is wrong.</summary>
internal sealed class SequencerOptionsValidator : IValidateOptions<SequencerOptions>
{
    public ValidateOptionsResult Validate(string? name, SequencerOptions options)
    {
        var errors = new List<string>();
        const string S = SequencerOptions.SectionName;
        if (options.Models.Count == 0 && string.IsNullOrWhiteSpace(options.RoutesFile))
        {
            errors.Add($"{S}:Models must list at least one model with its executors, or {S}:RoutesFile name a routes file");
        }

        if (options.RoutesReloadInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:RoutesReloadInterval must be positive");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Models.Count; i++)
        {
            var model = options.Models[i];
            if (string.IsNullOrWhiteSpace(model.Name))
            {
                errors.Add($"{S}:Models:{i}:Name is required");
            }
            else if (!seen.Add(model.Name))
            {
                errors.Add($"{S}:Models:{i}:Name '{model.Name}' is listed twice");
            }

            if (model.Executors.Count == 0)
            {
                errors.Add($"{S}:Models:{i}:Executors must list at least one executor URL");
            }

            for (var j = 0; j < model.Executors.Count; j++)
            {
                if (!Uri.TryCreate(model.Executors[j], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"{S}:Models:{i}:Executors:{j} '{model.Executors[j]}' is not an absolute http(s) URL");
                }
            }
        }

        if (options.RequireApiKey && options.ApiKeys.Count == 0)
        {
            errors.Add($"{S}:ApiKeys must list at least one key while {S}:RequireApiKey is true");
        }

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKeys[i]) || options.ApiKeys[i].Any(char.IsWhiteSpace))
            {
                errors.Add($"{S}:ApiKeys:{i} must be a non-empty key without whitespace");
            }
        }

        if (options.MaxPromptChars < 1)
        {
            errors.Add($"{S}:MaxPromptChars must be at least 1");
        }

        if (options.MaxTokens < 1)
        {
            errors.Add($"{S}:MaxTokens must be at least 1");
        }

        if (options.DefaultMaxTokens < 1 || options.DefaultMaxTokens > options.MaxTokens)
        {
            errors.Add($"{S}:DefaultMaxTokens must be between 1 and {S}:MaxTokens ({options.MaxTokens})");
        }

        if (options.MaxMessages < 1)
        {
            errors.Add($"{S}:MaxMessages must be at least 1");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            errors.Add($"{S}:MaxRequestBodyBytes must be at least 1024");
        }

        if (options.ExecutorTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:ExecutorTimeout must be positive");
        }

        if (options.ExecutorCooldown < TimeSpan.Zero)
        {
            errors.Add($"{S}:ExecutorCooldown must not be negative");
        }

        if (options.ChainId == 0)
        {
            errors.Add($"{S}:ChainId is required (the EIP-712 domain of receipts)");
        }

        if (!IsAddress(options.RollupAddress))
        {
            errors.Add($"{S}:RollupAddress '{options.RollupAddress}' is not a 0x-prefixed 20-byte address");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{S}:DataDirectory is required (the durable receipt store)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsAddress(string? value) =>
        value is { Length: 42 } && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && value.Skip(2).All(char.IsAsciiHexDigit);
}
