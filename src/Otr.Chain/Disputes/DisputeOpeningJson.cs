using System.Text.Json.Serialization;
using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Chain.Disputes;

/// <summary>A <see cref="DisputeOpenRequest"/> as a JSON document (hex strings for hashes and bytes), for durable records.</summary>
public sealed record DisputeOpeningJson
{
    /// <summary>Receipt fields, in order.</summary>
    [JsonPropertyName("receipt")]
    public required string[] Receipt { get; init; }

    /// <summary>The 65-byte signature (0x hex).</summary>
    [JsonPropertyName("signature")]
    public required string Signature { get; init; }

    /// <summary>The batch.</summary>
    [JsonPropertyName("batchIndex")]
    public ulong BatchIndex { get; init; }

    /// <summary>Position in the batch.</summary>
    [JsonPropertyName("leafIndex")]
    public long LeafIndex { get; init; }

    /// <summary>Inclusion proof.</summary>
    [JsonPropertyName("inclusionProof")]
    public required string[] InclusionProof { get; init; }

    /// <summary>The prompt text.</summary>
    [JsonPropertyName("promptText")]
    public required string PromptText { get; init; }

    /// <summary>The output tokens.</summary>
    [JsonPropertyName("outputTokens")]
    public required uint[] OutputTokens { get; init; }

    /// <summary>maxTokens.</summary>
    [JsonPropertyName("maxTokens")]
    public uint MaxTokens { get; init; }

    /// <summary>temperatureMilli.</summary>
    [JsonPropertyName("temperatureMilli")]
    public uint TemperatureMilli { get; init; }

    /// <summary>seed.</summary>
    [JsonPropertyName("seed")]
    public ulong Seed { get; init; }

    /// <summary>The challenger's root.</summary>
    [JsonPropertyName("challengerRoot")]
    public required string ChallengerRoot { get; init; }

    /// <summary>The JSON form of <paramref name="r"/>.</summary>
    public static DisputeOpeningJson From(DisputeOpenRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = r.Receipt;
        return new DisputeOpeningJson
        {
            Receipt =
            [
                c.RequestId.ToString(), c.ModelId.ToString(), c.PromptHash.ToString(), c.ParamsHash.ToString(), c.OutputHash.ToString(),
                c.TraceRoot.ToString(), c.TraceLength.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Executor,
                c.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), c.IssuedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            Signature = "0x" + Convert.ToHexStringLower(r.Signature),
            BatchIndex = r.BatchIndex,
            LeafIndex = r.LeafIndex,
            InclusionProof = [.. r.InclusionProof.Select(p => p.ToString())],
            PromptText = r.PromptText,
            OutputTokens = [.. r.OutputTokens],
            MaxTokens = r.Parameters.MaxTokens,
            TemperatureMilli = r.Parameters.TemperatureMilli,
            Seed = r.Parameters.Seed,
            ChallengerRoot = r.ChallengerRoot.ToString(),
        };
    }

    /// <summary>The request this document holds; throws <see cref="FormatException"/> naming the bad field.</summary>
    public DisputeOpenRequest ToRequest()
    {
        if (Receipt is not { Length: 10 })
        {
            throw new FormatException("dispute opening: 'receipt' must hold the 10 receipt fields");
        }

        static ulong U64(string s, string what) =>
            ulong.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v : throw new FormatException($"dispute opening: {what} '{s}' is not an unsigned integer");
        var receipt = new Receipt(
            Bytes32.Parse(Receipt[0]), Bytes32.Parse(Receipt[1]), Bytes32.Parse(Receipt[2]), Bytes32.Parse(Receipt[3]), Bytes32.Parse(Receipt[4]),
            Bytes32.Parse(Receipt[5]), U64(Receipt[6], "traceLength"), Receipt[7], U64(Receipt[8], "nonce"), U64(Receipt[9], "issuedAt"));
        return new DisputeOpenRequest(
            receipt,
            Convert.FromHexString(Signature.StartsWith("0x", StringComparison.Ordinal) ? Signature[2..] : Signature),
            BatchIndex,
            LeafIndex,
            [.. InclusionProof.Select(Bytes32.Parse)],
            PromptText,
            OutputTokens,
            new DecodingParams(MaxTokens, TemperatureMilli, Seed),
            Bytes32.Parse(ChallengerRoot));
    }
}
