using System.Buffers;
using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Otr.Attestation;
using Otr.Protocol;

namespace Otr.Executor.Configuration;

/// <summary>Checks <see cref="ExecutorOptions"/> at start and names every key that is wrong.</summary>
internal sealed class ExecutorOptionsValidator : IValidateOptions<ExecutorOptions>
{
    private const string S = ExecutorOptions.SectionName;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public ValidateOptionsResult Validate(string? name, ExecutorOptions options)
    {
        var errors = new List<string>();
        var hasPath = !string.IsNullOrWhiteSpace(options.ModelPath);
        if (hasPath == options.DemoSeed.HasValue)
        {
            errors.Add($"{S}:ModelPath or {S}:DemoSeed must be set (exactly one of them)");
        }
        else if (hasPath && !File.Exists(options.ModelPath))
        {
            errors.Add($"{S}:ModelPath '{options.ModelPath}' does not exist");
        }

        if (options.ModelName is { } modelName && modelName.Trim().Length != modelName.Length)
        {
            errors.Add($"{S}:ModelName must not start or end with whitespace");
        }

        if (!string.IsNullOrEmpty(options.ExpectedWeightsRoot) && !Bytes32.TryParse(options.ExpectedWeightsRoot, out _))
        {
            errors.Add($"{S}:ExpectedWeightsRoot '{options.ExpectedWeightsRoot}' is not 0x followed by 64 hex digits");
        }

        if (options.ChainId == 0)
        {
            errors.Add($"{S}:ChainId must be non-zero");
        }

        if (!IsAddress(options.RollupAddress))
        {
            errors.Add($"{S}:RollupAddress must be the OtrRollup address (0x followed by 40 hex digits), got '{options.RollupAddress}'");
        }

        if (!Enum.IsDefined(options.Tee))
        {
            errors.Add($"{S}:Tee '{options.Tee}' is not one of {string.Join(", ", Enum.GetNames<TeeKind>())}");
        }

        if (options.Tee is TeeKind.IntelTdx or TeeKind.AmdSevSnp && string.IsNullOrWhiteSpace(options.Tsm.Root))
        {
            errors.Add($"{S}:Tsm:Root must be the configfs-tsm report directory when {S}:Tee is {options.Tee}");
        }

        ValidateCommittee(options.Committee, errors);

        if (!Bytes32.TryParse(options.SimulatedTee.DevRootKey, out _))
        {
            errors.Add($"{S}:SimulatedTee:DevRootKey must be 0x followed by 64 hex digits");
        }

        if (options.MaxTokensLimit < 1)
        {
            errors.Add($"{S}:MaxTokensLimit must be at least 1");
        }

        if (options.MaxPromptChars < 1)
        {
            errors.Add($"{S}:MaxPromptChars must be at least 1");
        }

        if (!Enum.IsDefined(options.Cheat))
        {
            errors.Add($"{S}:Cheat '{options.Cheat}' is not one of None, AlterOutputAfterSigning, OtherWeights");
        }

        if (!Enum.IsDefined(options.Engine))
        {
            errors.Add($"{S}:Engine '{options.Engine}' is not one of Onnx, Reference");
        }

        ValidateL1(options.L1, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateL1(L1Options l1, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(l1.RpcUrl))
        {
            return;
        }

        if (!Uri.TryCreate(l1.RpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{S}:L1:RpcUrl '{l1.RpcUrl}' is not an absolute http(s) URL");
        }

        if (!IsAddress(l1.ModelRegistry))
        {
            errors.Add($"{S}:L1:ModelRegistry must be an address (0x followed by 40 hex digits) when {S}:L1:RpcUrl is set, got '{l1.ModelRegistry}'");
        }

        if (!l1.Register)
        {
            return;
        }

        if (!IsAddress(l1.ExecutorRegistry))
        {
            errors.Add($"{S}:L1:ExecutorRegistry must be an address when {S}:L1:Register is true, got '{l1.ExecutorRegistry}'");
        }

        var hasKey = !string.IsNullOrWhiteSpace(l1.OperatorKey);
        var hasKeyFile = !string.IsNullOrWhiteSpace(l1.OperatorKeyFile);
        if (hasKey == hasKeyFile)
        {
            errors.Add($"{S}:L1:OperatorKey or {S}:L1:OperatorKeyFile must be set (exactly one) when {S}:L1:Register is true");
        }
        else if (hasKey && !Bytes32.TryParse(l1.OperatorKey, out _))
        {
            errors.Add($"{S}:L1:OperatorKey must be 0x followed by 64 hex digits");
        }
        else if (hasKeyFile && !File.Exists(l1.OperatorKeyFile))
        {
            errors.Add($"{S}:L1:OperatorKeyFile '{l1.OperatorKeyFile}' does not exist");
        }

        if (!string.IsNullOrEmpty(l1.StakeWei) &&
            (!BigInteger.TryParse(l1.StakeWei, NumberStyles.None, CultureInfo.InvariantCulture, out var stake) || stake.Sign < 0))
        {
            errors.Add($"{S}:L1:StakeWei '{l1.StakeWei}' must be a non-negative integer in wei (decimal digits)");
        }

        if (l1.ReceiptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:L1:ReceiptTimeout must be positive");
        }
    }

    private static void ValidateCommittee(CommitteeClientOptions committee, List<string> errors)
    {
        for (var i = 0; i < committee.Urls.Count; i++)
        {
            if (!Uri.TryCreate(committee.Urls[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{S}:Committee:Urls:{i} '{committee.Urls[i]}' is not an absolute http(s) URL");
            }
        }

        if (committee.Threshold < 0 || committee.Threshold > committee.Urls.Count)
        {
            errors.Add($"{S}:Committee:Threshold must be between 0 (the contract's threshold) and the number of {S}:Committee:Urls ({committee.Urls.Count}), got {committee.Threshold}");
        }

        if (committee.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:Committee:Timeout must be positive");
        }
    }

    private static bool IsAddress(string? text) =>
        text is { Length: 42 } && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
        !text.AsSpan(2).ContainsAnyExcept(HexDigits);
}
