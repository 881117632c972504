using System.Buffers.Binary;

namespace Otr.Protocol;

/// <summary>Computes the hashed receipt fields from their sources, as docs/encodings.md defines them.</summary>
public static class ReceiptFields
{
    /// <summary><c>keccak(utf8(model name))</c>, e.g. <c>ModelId("otr-demo-q8")</c>.</summary>
    public static Bytes32 ModelId(string modelName) => Keccak.HashUtf8(modelName);

    /// <summary><c>keccak(utf8(prompt text))</c>, where the text is exactly what the tokenizer reads.</summary>
    public static Bytes32 PromptHash(string promptText) => Keccak.HashUtf8(promptText);

    /// <summary><c>keccak(abi.encode(uint32 maxTokens, uint32 temperatureMilli, uint64 seed))</c>.</summary>
    public static Bytes32 ParamsHash(DecodingParams p)
    {
        ArgumentNullException.ThrowIfNull(p);
        Span<byte> encoded = stackalloc byte[3 * AbiWord.Size];
        AbiWord.WriteUInt64(encoded[..32], p.MaxTokens);
        AbiWord.WriteUInt64(encoded[32..64], p.TemperatureMilli);
        AbiWord.WriteUInt64(encoded[64..], p.Seed);
        return Keccak.Hash(encoded);
    }

    /// <summary><c>keccak(uint32(tok_0) ‖ uint32(tok_1) ‖ …)</c>, big-endian; no tokens hash the empty string.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token id is negative.</exception>
    public static Bytes32 OutputHash(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sponge = default(KeccakSponge);
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"token id at position {i} is negative");
            }

            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)token);
            sponge.Absorb(word);
        }

        return sponge.Finish();
    }
}
