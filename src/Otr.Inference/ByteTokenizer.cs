using System.Text;
using Otr.Protocol;

namespace Otr.Inference;

/// <summary>
/// The q8-exact byte-level tokenizer: token ids 0–255 are the UTF-8 bytes, followed by five
/// special tokens written in text as markers (<c>&lt;|bos|&gt;</c>, <c>&lt;|eos|&gt;</c>,
/// <c>&lt;|system|&gt;</c>, <c>&lt;|user|&gt;</c>, <c>&lt;|assistant|&gt;</c>). A marker anywhere in
/// the text is read as its special token; everything else is UTF-8 encoded byte by byte.
/// </summary>
public static class ByteTokenizer
{
    /// <summary>Beginning of sequence; every prompt starts with it (<see cref="EncodePrompt"/>).</summary>
    public const int Bos = 256;

    /// <summary>End of sequence / end of turn; generation stops after emitting it.</summary>
    public const int Eos = 257;

    /// <summary>Chat role marker: system.</summary>
    public const int System = 258;

    /// <summary>Chat role marker: user.</summary>
    public const int User = 259;

    /// <summary>Chat role marker: assistant.</summary>
    public const int Assistant = 260;

    /// <summary>Number of token ids (256 bytes + 5 specials).</summary>
    public const int VocabSize = 261;

    private static readonly string[] Markers = ["<|bos|>", "<|eos|>", "<|system|>", "<|user|>", "<|assistant|>"];

    /// <summary>
    /// The canonical text description of the tokenizer; <see cref="Digest"/> is its keccak. Any
    /// change to the tokenizer changes this text.
    /// </summary>
    public static string Descriptor { get; } = BuildDescriptor();

    /// <summary><c>keccak(utf8(Descriptor))</c>: the tokenizer digest registered with a model.</summary>
    public static Bytes32 Digest { get; } = Keccak.Hash(Encoding.UTF8.GetBytes(Descriptor));

    /// <summary>The text form of a special token id (256–260).</summary>
    public static string Marker(int specialToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(specialToken, Bos);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(specialToken, VocabSize);
        return Markers[specialToken - Bos];
    }

    /// <summary>True for ids 256–260.</summary>
    public static bool IsSpecial(int token) => token is >= Bos and < VocabSize;

    /// <summary>
    /// Text to token ids: markers become their special tokens, the rest is UTF-8 (an unpaired
    /// surrogate is encoded as U+FFFD). No BOS is added; see <see cref="EncodePrompt"/>.
    /// </summary>
    public static int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<int>(text.Length + 4);
        var segmentStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var special = text[i] == '<' ? MatchMarker(text, i) : -1;
            if (special < 0)
            {
                i++;
                continue;
            }

            AppendUtf8(tokens, text.AsSpan(segmentStart, i - segmentStart));
            tokens.Add(Bos + special);
            i += Markers[special].Length;
            segmentStart = i;
        }

        AppendUtf8(tokens, text.AsSpan(segmentStart));
        return [.. tokens];
    }

    /// <summary>The prompt tokens an engine reads for a prompt text: <c>[BOS] ++ Encode(text)</c>.</summary>
    public static int[] EncodePrompt(string text) => [Bos, .. Encode(text)];

    /// <summary>
    /// Token ids to text: byte runs are UTF-8 decoded (each invalid sequence becomes U+FFFD) and
    /// special tokens become their markers, or are dropped when <paramref name="skipSpecial"/>.
    /// </summary>
    public static string Decode(IEnumerable<int> tokens, bool skipSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (token is < 0 or >= VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"token id must be in [0, {VocabSize})");
            }

            if (token < Bos)
            {
                bytes.Add((byte)token);
                continue;
            }

            Flush(text, bytes);
            if (!skipSpecial)
            {
                text.Append(Markers[token - Bos]);
            }
        }

        Flush(text, bytes);
        return text.ToString();
    }

    private static int MatchMarker(string text, int index)
    {
        for (var m = 0; m < Markers.Length; m++)
        {
            if (text.AsSpan(index).StartsWith(Markers[m], StringComparison.Ordinal))
            {
                return m;
            }
        }

        return -1;
    }

    private static void AppendUtf8(List<int> tokens, ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        var buffer = new byte[Encoding.UTF8.GetByteCount(segment)];
        Encoding.UTF8.GetBytes(segment, buffer);
        foreach (var b in buffer)
        {
            tokens.Add(b);
        }
    }

    private static void Flush(StringBuilder text, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        text.Append(Encoding.UTF8.GetString([.. bytes]));
        bytes.Clear();
    }

    private static string BuildDescriptor()
    {
        var text = new StringBuilder();
        text.Append("otr-byte-tokenizer/1\n");
        text.Append("vocab=261\n");
        text.Append("0-255=utf8-bytes\n");
        for (var i = 0; i < Markers.Length; i++)
        {
            text.Append(Bos + i).Append('=').Append(Markers[i]).Append('\n');
        }

        text.Append("prompt=bos+encode\n");
        text.Append("eos=257\n");
        return text.ToString();
    }
}
