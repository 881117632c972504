using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Otr.Operator.Hosting;

/// <summary>Checks <see cref="OperatorOptions"/> at start and names every key that is wrong.</summary>
public sealed partial class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    private const string S = OperatorOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PodName))
            errors.Add("POD_NAME must be set (the leader-election identity)");
        if (string.IsNullOrWhiteSpace(options.PodNamespace))
            errors.Add("POD_NAMESPACE must be set (Lease and routes ConfigMap namespace)");
        if (string.IsNullOrWhiteSpace(options.LeaseName) || !DnsName().IsMatch(options.LeaseName))
            errors.Add($"{S}:LeaseName '{options.LeaseName}' must be a DNS subdomain name");
        if (!string.IsNullOrWhiteSpace(options.RoutesConfigMap) && !DnsName().IsMatch(options.RoutesConfigMap))
            errors.Add($"{S}:RoutesConfigMap '{options.RoutesConfigMap}' must be a DNS subdomain name");
        if (options.Workers is < 1 or > 64)
            errors.Add($"{S}:Workers {options.Workers} must be between 1 and 64");
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.RenewDeadline >= options.LeaseDuration || options.RetryPeriod >= options.RenewDeadline || options.RetryPeriod <= TimeSpan.Zero)
            errors.Add($"{S}:LeaseDuration > {S}:RenewDeadline > {S}:RetryPeriod > 0 is required (LeaseDuration at least 1s)");
        if (options.WatchTimeout < TimeSpan.FromSeconds(1))
            errors.Add($"{S}:WatchTimeout must be at least 1s");
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"{S}:RetryBaseDelay must be positive and at most {S}:RetryMaxDelay");
        if (options.HttpPort is < 1 or > 65535)
            errors.Add($"{S}:HttpPort {options.HttpPort} is not a port");
        var network = options.Network;
        if (network.ChainId == 0)
            errors.Add($"{S}:Network:ChainId must be non-zero");
        foreach (var (key, value) in new[] { ("RollupAddress", network.RollupAddress), ("ModelRegistry", network.ModelRegistry), ("ExecutorRegistry", network.ExecutorRegistry) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !Address().IsMatch(value))
                errors.Add($"{S}:Network:{key} '{value}' must be an address (0x followed by 40 hex digits)");
        }

        if (!string.IsNullOrWhiteSpace(network.SequencerUrl) && !Uri.TryCreate(network.SequencerUrl, UriKind.Absolute, out _))
            errors.Add($"{S}:Network:SequencerUrl '{network.SequencerUrl}' is not an absolute URL");
        if (!string.IsNullOrWhiteSpace(network.L1RpcSecretName) && string.IsNullOrWhiteSpace(network.L1RpcSecretKey))
            errors.Add($"{S}:Network:L1RpcSecretKey must be set with {S}:Network:L1RpcSecretName");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex DnsName();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Address();
}
