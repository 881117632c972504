using System.Globalization;
using Otr.Attestation;
using Otr.Attestation.Policy;
using Otr.Operator.Entities;
using Otr.Protocol;

namespace Otr.Operator.Scheduling;

/// <summary>
/// Pure mapping from a pool's CRD <c>spec.attestation</c> block (where a model's executors run) to the committee's
/// policy for that model: each allowed measurement is the raw hex of the technology's image register (SGX MRENCLAVE,
/// 32 bytes; TDX MRTD, 48 bytes; SEV-SNP launch measurement, 48 bytes); <c>minimumTcb</c> is the minimum TCB level
/// (Intel: TCB evaluation data number; SEV-SNP: SNP firmware SVN); <c>freshness</c> the largest evidence age; debug is
/// refused. Every bad value is an error naming its field.
/// </summary>
public static class AttestationPolicyMapper
{
    /// <summary>The TEE kind a pool technology attests as.</summary>
    public static TeeKind Kind(TeeTechnology tee) => tee switch
    {
        TeeTechnology.Sgx => TeeKind.IntelSgx,
        TeeTechnology.Tdx => TeeKind.IntelTdx,
        TeeTechnology.SevSnp => TeeKind.AmdSevSnp,
        _ => throw new ArgumentOutOfRangeException(nameof(tee), tee, "unknown TEE technology"),
    };

    /// <summary>The register an allowed measurement names for a technology, and its size in bytes.</summary>
    public static (string Register, int Bytes) ImageRegister(TeeTechnology tee) => tee switch
    {
        TeeTechnology.Sgx => ("mrenclave", 32),
        TeeTechnology.Tdx => ("mrtd", 48),
        TeeTechnology.SevSnp => ("measurement", 48),
        _ => throw new ArgumentOutOfRangeException(nameof(tee), tee, "unknown TEE technology"),
    };

    /// <summary>Maps the block, or returns the errors (each names its field).</summary>
    /// <param name="modelName">The model (InferenceModel name, which is the served model name).</param>
    /// <param name="weightsRoot">The model's <c>spec.weightsRoot</c>.</param>
    /// <param name="tee">The pool's technology.</param>
    /// <param name="attestation">The pool's <c>spec.attestation</c>.</param>
    /// <param name="errors">What is wrong, when the result is null.</param>
    public static ModelAttestationPolicy? Map(string modelName, string weightsRoot, TeeTechnology tee, Entities.AttestationPolicy? attestation, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        if (!Bytes32.TryParse(weightsRoot, out var root))
        {
            problems.Add($"spec.weightsRoot: '{weightsRoot}' is not 0x followed by 64 hex digits");
        }

        if (attestation is null)
        {
            problems.Add("spec.attestation: the pool declares no attestation policy");
            return null;
        }

        var (register, size) = ImageRegister(tee);
        var rules = new List<IReadOnlyDictionary<string, string>>();
        var measurements = attestation.AllowedMeasurements ?? [];
        if (measurements.Count == 0)
        {
            problems.Add("spec.attestation.allowedMeasurements: at least one measurement is required");
        }

        for (var i = 0; i < measurements.Count; i++)
        {
            var field = $"spec.attestation.allowedMeasurements[{i}]";
            try
            {
                var hex = MeasurementHex.Normalize(measurements[i] ?? "", field);
                if (hex.Length != size * 2)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{field}: a {TeeName(tee)} measurement is the {size}-byte {register.ToUpperInvariant()} ({size * 2} hex digits), got {hex.Length / 2} bytes"));
                    continue;
                }

                rules.Add(new Dictionary<string, string>(StringComparer.Ordinal) { [register] = hex });
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }
        }

        int? minimum = null;
        if (!string.IsNullOrEmpty(attestation.MinimumTcb))
        {
            if (int.TryParse(attestation.MinimumTcb, NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                minimum = level;
            }
            else
            {
                problems.Add($"spec.attestation.minimumTcb: '{attestation.MinimumTcb}' is not a non-negative integer");
            }
        }

        if (attestation.AllowDebug)
        {
            problems.Add("spec.attestation.allowDebug: must be false (a debug TEE's memory is readable by the host)");
        }

        var age = ParseFreshness(attestation.Freshness, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        return new ModelAttestationPolicy(modelName, root, new Otr.Attestation.Policy.AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { Kind(tee) },
            AllowedMeasurements = rules,
            AcceptedTcbStatuses = tee == TeeTechnology.SevSnp
                ? new HashSet<string>(StringComparer.Ordinal) { "NoMinimumConfigured", "AtOrAboveMinimum" }
                : new HashSet<string>(StringComparer.Ordinal) { "UpToDate", "SWHardeningNeeded" },
            MinimumTcbLevel = minimum,
            AllowDebug = false,
            MaxEvidenceAge = age,
        });
    }

    private static TimeSpan ParseFreshness(string? text, List<string> problems)
    {
        const string Field = "spec.attestation.freshness";
        if (string.IsNullOrEmpty(text) || text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            problems.Add($"{Field}: '{text}' is not a duration like 45s, 30m or 1h");
            return default;
        }

        var age = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => TimeSpan.Zero,
        };
        if (age <= TimeSpan.Zero || age > TimeSpan.FromDays(366))
        {
            problems.Add($"{Field}: '{text}' must be a positive duration of at most a year in s, m or h");
        }

        return age;
    }

    private static string TeeName(TeeTechnology tee) => tee switch
    {
        TeeTechnology.Sgx => "SGX",
        TeeTechnology.Tdx => "TDX",
        _ => "SEV-SNP",
    };
}
