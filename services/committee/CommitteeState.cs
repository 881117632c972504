using Microsoft.Extensions.Options;
using Otr.Attestation.Committee;
using Otr.Attestation.Policy;
using Otr.Attestation.Snp;

namespace Otr.Committee;

/// <summary>
/// The member's key, and the policies and collateral it applies. The policy file and the collateral directory are
/// re-read when they change (the operator rewrites the ConfigMap; the collateral is refreshed daily); a change that
/// does not load is logged with what is wrong and the last good version stays in force.
/// </summary>
internal sealed class CommitteeState
{
    private readonly CommitteeOptions _options;
    private readonly ILogger<CommitteeState> _logger;
    private readonly Lock _gate = new();
    private readonly byte[]? _intelRoot;
    private readonly Dictionary<SnpProduct, string> _arkPins;
    private string? _policiesStamp;
    private IReadOnlyDictionary<string, ModelAttestationPolicy>? _policies;
    private string? _policiesError;
    private string? _collateralStamp;
    private CommitteeMember? _member;
    private string? _collateralError;

    public CommitteeState(IOptions<CommitteeOptions> options, ILogger<CommitteeState> logger)
    {
        _options = options.Value;
        _logger = logger;
        var key = CommitteeOptionsValidator.ReadMemberKey(_options.MemberKeyFile!);
        Address = Otr.Attestation.Secp256k1.AddressOf(key);
        _memberKey = key;
        _intelRoot = string.IsNullOrEmpty(_options.IntelRootCaFile) ? null : File.ReadAllBytes(_options.IntelRootCaFile);
        _arkPins = _options.AmdArkSha256.ToDictionary(p => Enum.Parse<SnpProduct>(p.Key), p => p.Value.ToLowerInvariant());
    }

    private readonly byte[] _memberKey;

    /// <summary>The member's address.</summary>
    public string Address { get; }

    public ulong ChainId => _options.ChainId;

    public string Verifier => _options.VerifierAddress!;

    /// <summary>The policies in force, or null with the reason none could be loaded.</summary>
    public IReadOnlyDictionary<string, ModelAttestationPolicy>? Policies(out string? error)
    {
        lock (_gate)
        {
            var stamp = Stamp([_options.PoliciesFile!]);
            if (stamp != _policiesStamp)
            {
                _policiesStamp = stamp;
                try
                {
                    _policies = ModelPolicyDocument.Parse(File.ReadAllBytes(_options.PoliciesFile!));
                    _policiesError = null;
                    _logger.LogInformation("loaded attestation policies for {Count} model(s) from {File}", _policies.Count, _options.PoliciesFile);
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    _policiesError = $"policy file {_options.PoliciesFile}: {e.Message}";
                    _logger.LogError("{Error}; {State}", _policiesError, _policies is null ? "no policies in force" : "the previous policies stay in force");
                }
            }

            error = _policies is null ? _policiesError : null;
            return _policies;
        }
    }

    /// <summary>The member with the collateral in force, or null with the reason none could be loaded.</summary>
    public CommitteeMember? Member(out string? error)
    {
        lock (_gate)
        {
            var directory = _options.CollateralDirectory!;
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
            var stamp = Stamp(files);
            if (stamp != _collateralStamp)
            {
                _collateralStamp = stamp;
                try
                {
                    var hardware = HardwareEvidenceVerifier.FromDirectory(directory, _intelRoot, _arkPins, string.IsNullOrEmpty(_options.DevRootAddress) ? null : _options.DevRootAddress);
                    _member = new CommitteeMember(_memberKey, _options.ChainId, Verifier, hardware);
                    _collateralError = null;
                    _logger.LogInformation("loaded collateral from {Directory} ({Files} files)", directory, files.Length);
                }
                catch (Exception e) when (e is Otr.Attestation.Verification.AttestationRejectedException or IOException or UnauthorizedAccessException)
                {
                    _collateralError = $"collateral directory {directory}: {e.Message}";
                    _logger.LogError("{Error}; {State}", _collateralError, _member is null ? "no collateral in force" : "the previous collateral stays in force");
                }
            }

            error = _member is null ? _collateralError : null;
            return _member;
        }
    }

    // Contents, not timestamps: Kubernetes swaps a ConfigMap volume's files through symlinks, whose own times do not move.
    private static string Stamp(IEnumerable<string> files)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("unreadable"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
