using System.Text;
using CsCheck;
using Otr.Executor.Inference;
using Otr.Inference;

namespace Otr.Executor.Tests;

public sealed class StreamingTextDecoderTests
{
    [Fact]
    public void Deltas_AnyTokens_ConcatenateToDecodeSkippingSpecials()
    {
        Gen.Int[0, ByteTokenizer.VocabSize - 1].Array[0, 40].Sample(tokens =>
        {
            var decoder = new StreamingTextDecoder();
            var text = new StringBuilder();
            foreach (var t in tokens)
            {
                text.Append(decoder.Push(t));
            }

            text.Append(decoder.Flush());
            Assert.Equal(ByteTokenizer.Decode(tokens, skipSpecial: true), text.ToString());
        }, iter: 2000);
    }

    [Fact]
    public void Push_MultiByteCharacter_IsHeldUntilComplete()
    {
        var decoder = new StreamingTextDecoder();
        var bytes = Encoding.UTF8.GetBytes("é");

        Assert.Equal("", decoder.Push(bytes[0]));
        Assert.Equal("é", decoder.Push(bytes[1]));
    }
}
