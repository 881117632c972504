using Microsoft.Extensions.Options;

namespace Otr.Sequencer.Configuration;

/// <summary>Checks <see cref="L1Options"/> at start when an RPC URL is set.</summary>
internal sealed class L1OptionsValidator : IValidateOptions<L1Options>
{
    public ValidateOptionsResult Validate(string? name, L1Options options)
    {
        if (string.IsNullOrWhiteSpace(options.RpcUrl))
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        const string S = L1Options.SectionName;
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{S}:RpcUrl '{options.RpcUrl}' is not an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKeyFile))
        {
            errors.Add($"{S}:PrivateKeyFile is required when {S}:RpcUrl is set");
        }
        else if (!File.Exists(options.PrivateKeyFile))
        {
            errors.Add($"{S}:PrivateKeyFile '{options.PrivateKeyFile}' does not exist");
        }

        if (options.Confirmations < 1)
        {
            errors.Add($"{S}:Confirmations must be at least 1");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:PollInterval must be positive");
        }

        if (!string.IsNullOrEmpty(options.ExecutorRegistry) && !Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(options.ExecutorRegistry))
        {
            errors.Add($"{S}:ExecutorRegistry '{options.ExecutorRegistry}' is not a 0x-prefixed 20-byte address");
        }

        if (options.RegistrationCacheTtl < TimeSpan.Zero)
        {
            errors.Add($"{S}:RegistrationCacheTtl must not be negative");
        }

        if (options.FeeInterval <= TimeSpan.Zero)
        {
            errors.Add($"{S}:FeeInterval must be positive");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
