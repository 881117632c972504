using System.Collections.Concurrent;

namespace Otr.Chain.Artifacts;

/// <summary>
/// The committed artifacts of the deployable OTR contracts, embedded in this assembly as
/// <c>Otr.Chain.Artifacts.&lt;Name&gt;.json</c> (exported from the forge build by
/// <c>contracts/export-artifacts.sh</c>; a test fails when they drift from the sources).
/// </summary>
public static class ContractArtifacts
{
    /// <summary>Names of the deployable contracts, in deployment order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["DevAttestationVerifier", "ModelRegistry", "ExecutorRegistry", "OtrRollup", "DisputeGame", "Q8OneStepVerifier", "CommitteeAttestationVerifier"];

    private static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new(StringComparer.Ordinal);

    /// <summary>The INSECURE development attestation verifier.</summary>
    public static ContractArtifact DevAttestationVerifier => Get("DevAttestationVerifier");

    /// <summary>The model registry.</summary>
    public static ContractArtifact ModelRegistry => Get("ModelRegistry");

    /// <summary>The executor registry.</summary>
    public static ContractArtifact ExecutorRegistry => Get("ExecutorRegistry");

    /// <summary>The rollup (batches, receipt verification).</summary>
    public static ContractArtifact OtrRollup => Get("OtrRollup");

    /// <summary>The dispute game (fraud proofs, slashing).</summary>
    public static ContractArtifact DisputeGame => Get("DisputeGame");

    /// <summary>The q8-exact one-step verifier the dispute game asks to recompute one fine step.</summary>
    public static ContractArtifact Q8OneStepVerifier => Get("Q8OneStepVerifier");

    /// <summary>The attestation verifier that accepts a threshold of committee approvals.</summary>
    public static ContractArtifact CommitteeAttestationVerifier => Get("CommitteeAttestationVerifier");

    /// <summary>The artifact of one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a deployable OTR contract.</exception>
    /// <exception cref="FileNotFoundException">The artifact is not embedded.</exception>
    public static ContractArtifact Get(string name)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a deployable OTR contract ({string.Join(", ", Names)})", nameof(name));
        }

        return Cache.GetOrAdd(name, static n => ContractArtifact.Parse(ReadJson(n)));
    }

    private static string ReadJson(string name)
    {
        var resource = $"Otr.Chain.Artifacts.{name}.json";
        using (var stream = typeof(ContractArtifacts).Assembly.GetManifestResourceStream(resource))
        {
            if (stream is not null)
            {
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        throw new FileNotFoundException(
            $"contract artifact '{name}' is not embedded as '{resource}'; run contracts/export-artifacts.sh and rebuild Otr.Chain");
    }
}
