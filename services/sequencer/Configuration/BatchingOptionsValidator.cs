using Microsoft.Extensions.Options;

namespace Otr.Sequencer.Configuration;

/// <summary>Checks <see cref="BatchingOptions"/> at start and names every key that is wrong.</summary>
internal sealed class BatchingOptionsValidator : IValidateOptions<BatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        var errors = new List<string>();
        const string S = BatchingOptions.SectionName;
        if (options.MaxCount < 1)
        {
            errors.Add($"{S}:MaxCount must be at least 1");
        }

        if (options.MaxAge <= TimeSpan.Zero)
        {
            errors.Add($"{S}:MaxAge must be positive");
        }

        if (options.TickInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:TickInterval must be positive");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{S}:RetryDelay must not be negative");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
