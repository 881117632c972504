using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otr.Chain.Deployment;

/// <summary>
/// Addresses of a deployed OTR contract set. JSON form:
/// <c>{"modelRegistry":"0x…","executorRegistry":"0x…","rollup":"0x…","attestationVerifier":"0x…","disputeGame":"0x…"}</c>
/// (<c>disputeGame</c> null when no game was deployed).
/// </summary>
/// <param name="ModelRegistry">The <c>ModelRegistry</c>.</param>
/// <param name="ExecutorRegistry">The <c>ExecutorRegistry</c>.</param>
/// <param name="Rollup">The <c>OtrRollup</c> (also the EIP-712 verifying contract of receipts).</param>
/// <param name="AttestationVerifier">The attestation verifier the executor registry uses.</param>
/// <param name="DisputeGame">The <c>DisputeGame</c>, or null when none was deployed.</param>
public sealed record OtrContracts(
    [property: JsonPropertyName("modelRegistry")] string ModelRegistry,
    [property: JsonPropertyName("executorRegistry")] string ExecutorRegistry,
    [property: JsonPropertyName("rollup")] string Rollup,
    [property: JsonPropertyName("attestationVerifier")] string AttestationVerifier,
    [property: JsonPropertyName("disputeGame")] string? DisputeGame = null)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JSON form (indented).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    /// <summary>Parses the JSON form.</summary>
    /// <exception cref="FormatException">The JSON lacks an address.</exception>
    public static OtrContracts FromJson(string json)
    {
        var c = JsonSerializer.Deserialize<OtrContracts>(json)
            ?? throw new FormatException("contract addresses JSON is null");
        if (string.IsNullOrEmpty(c.ModelRegistry) || string.IsNullOrEmpty(c.ExecutorRegistry)
            || string.IsNullOrEmpty(c.Rollup) || string.IsNullOrEmpty(c.AttestationVerifier))
        {
            throw new FormatException("contract addresses JSON needs modelRegistry, executorRegistry, rollup and attestationVerifier");
        }

        return c;
    }
}
