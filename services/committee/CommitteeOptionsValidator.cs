using Microsoft.Extensions.Options;
using Otr.Attestation;
using Otr.Attestation.Snp;
using Otr.Protocol;

namespace Otr.Committee;

/// <summary>Checks <see cref="CommitteeOptions"/> at start and names every setting that is wrong.</summary>
internal sealed class CommitteeOptionsValidator : IValidateOptions<CommitteeOptions>
{
    private const string S = CommitteeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CommitteeOptions options)
    {
        var errors = new List<string>();
        RequireFile(options.MemberKeyFile, "MemberKeyFile", errors);
        RequireFile(options.PoliciesFile, "PoliciesFile", errors);
        if (string.IsNullOrWhiteSpace(options.CollateralDirectory))
        {
            errors.Add($"{S}:CollateralDirectory must be set");
        }
        else if (!Directory.Exists(options.CollateralDirectory))
        {
            errors.Add($"{S}:CollateralDirectory '{options.CollateralDirectory}' does not exist");
        }

        if (options.ChainId == 0)
        {
            errors.Add($"{S}:ChainId must be the L1 chain id (non-zero)");
        }

        if (!AbiWords.TryParseAddress(options.VerifierAddress ?? "", out _))
        {
            errors.Add($"{S}:VerifierAddress must be the CommitteeAttestationVerifier address (0x followed by 40 hex digits), got '{options.VerifierAddress}'");
        }

        if (!string.IsNullOrEmpty(options.IntelRootCaFile) && !File.Exists(options.IntelRootCaFile))
        {
            errors.Add($"{S}:IntelRootCaFile '{options.IntelRootCaFile}' does not exist");
        }

        foreach (var (product, pin) in options.AmdArkSha256)
        {
            if (!Enum.TryParse<SnpProduct>(product, out _))
            {
                errors.Add($"{S}:AmdArkSha256:{product} is not a product (Milan, Genoa, Turin)");
            }

            if (pin is not { Length: 64 } || !pin.All(Uri.IsHexDigit))
            {
                errors.Add($"{S}:AmdArkSha256:{product} must be 64 hex digits (a SHA-256 fingerprint)");
            }
        }

        if (!string.IsNullOrEmpty(options.DevRootAddress) && !AbiWords.TryParseAddress(options.DevRootAddress, out _))
        {
            errors.Add($"{S}:DevRootAddress '{options.DevRootAddress}' is not an address");
        }

        if (options.MaxRequestBytes < 4096)
        {
            errors.Add($"{S}:MaxRequestBytes must be at least 4096");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequireFile(string? path, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{S}:{key} must be set");
        }
        else if (!File.Exists(path))
        {
            errors.Add($"{S}:{key} '{path}' does not exist");
        }
    }

    /// <summary>Reads the member key file: 0x + 64 hex digits.</summary>
    public static byte[] ReadMemberKey(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return Bytes32.TryParse(text, out var key)
            ? key.ToArray()
            : throw new InvalidOperationException($"{S}:MemberKeyFile '{path}' does not hold a private key (0x followed by 64 hex digits)");
    }
}
