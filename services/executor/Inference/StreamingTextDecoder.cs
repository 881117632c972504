using System.Text;
using Otr.Inference;

namespace Otr.Executor.Inference;

/// <summary>
/// Turns generated tokens into text deltas whose concatenation equals
/// <c>ByteTokenizer.Decode(tokens, skipSpecial: true)</c>: byte tokens go through a UTF-8 decoder
/// that holds an incomplete sequence until it completes; special tokens end the byte run and add no text.
/// </summary>
internal sealed class StreamingTextDecoder
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[8];
    private readonly byte[] _one = new byte[1];

    /// <summary>The text this token completes (possibly empty).</summary>
    public string Push(int token)
    {
        if (ByteTokenizer.IsSpecial(token))
        {
            return Flush();
        }

        _one[0] = (byte)token;
        var count = _decoder.GetChars(_one, 0, 1, _chars, 0, flush: false);
        return new string(_chars, 0, count);
    }

    /// <summary>Ends the byte run: an incomplete sequence becomes U+FFFD.</summary>
    public string Flush()
    {
        var count = _decoder.GetChars([], 0, 0, _chars, 0, flush: true);
        return new string(_chars, 0, count);
    }
}
