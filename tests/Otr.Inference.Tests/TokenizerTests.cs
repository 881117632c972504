using System.Text;
using CsCheck;
using Otr.Inference;

namespace Otr.Inference.Tests;

public sealed class TokenizerTests
{
    [Fact]
    public void EncodeDecode_AnyTextWithoutMarkers_RoundTrips()
    {
        Gen.String.Sample(text =>
        {
            if (text.Contains("<|", StringComparison.Ordinal) || !IsWellFormed(text))
            {
                return;
            }

            Assert.Equal(text, ByteTokenizer.Decode(ByteTokenizer.Encode(text)));
        }, iter: 5_000);
    }

    [Fact]
    public void Encode_Utf8Text_YieldsUtf8Bytes()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("héllo €").Select(b => (int)b), ByteTokenizer.Encode("héllo €"));
    }

    [Fact]
    public void Encode_Markers_BecomeSpecialTokens()
    {
        Assert.Equal(
            [ByteTokenizer.User, 'h', 'i', ByteTokenizer.Eos, ByteTokenizer.Assistant, '<', '|', 'x'],
            ByteTokenizer.Encode("<|user|>hi<|eos|><|assistant|><|x"));
    }

    [Fact]
    public void EncodePrompt_AnyText_StartsWithBos()
    {
        Assert.Equal([ByteTokenizer.Bos], ByteTokenizer.EncodePrompt(string.Empty));
        Assert.Equal([ByteTokenizer.Bos, 'a'], ByteTokenizer.EncodePrompt("a"));
    }

    [Fact]
    public void Decode_InvalidUtf8_BecomesReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb", ByteTokenizer.Decode([(int)'a', 0xFF, (int)'b']));
        Assert.Equal("\uFFFD", ByteTokenizer.Decode([0xE2, 0x82])); // truncated sequence at the end
        Assert.Equal("\uFFFD<|eos|>", ByteTokenizer.Decode([0xE2, ByteTokenizer.Eos])); // cut by a special token
    }

    [Fact]
    public void Decode_SkipSpecial_DropsMarkers()
    {
        Assert.Equal("hi", ByteTokenizer.Decode([ByteTokenizer.Bos, 'h', 'i', ByteTokenizer.Eos], skipSpecial: true));
        Assert.Equal("<|bos|>hi<|eos|>", ByteTokenizer.Decode([ByteTokenizer.Bos, 'h', 'i', ByteTokenizer.Eos]));
    }

    [Fact]
    public void Decode_OutOfRangeToken_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteTokenizer.Decode([ByteTokenizer.VocabSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteTokenizer.Decode([-1]));
    }

    [Fact]
    public void Digest_IsPinned()
    {
        // changing the tokenizer changes the digest registered with every model: do it deliberately
        Assert.Equal("otr-byte-tokenizer/1\nvocab=261\n0-255=utf8-bytes\n256=<|bos|>\n257=<|eos|>\n258=<|system|>\n259=<|user|>\n260=<|assistant|>\nprompt=bos+encode\neos=257\n", ByteTokenizer.Descriptor);
        Assert.Equal(Otr.Protocol.Keccak.Hash(Encoding.UTF8.GetBytes(ByteTokenizer.Descriptor)), ByteTokenizer.Digest);
        Assert.Equal(ByteTokenizer.Digest, DemoModelFactory.Create().TokenizerDigest);
    }

    [Fact]
    public void ChatTemplate_Messages_RenderExactly()
    {
        var text = ChatTemplate.Render([new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi!"), new ChatMessage("assistant", "Hello."), new ChatMessage("user", "Bye")]);
        Assert.Equal("<|system|>Be brief.<|eos|><|user|>Hi!<|eos|><|assistant|>Hello.<|eos|><|user|>Bye<|eos|><|assistant|>", text);
        var tokens = ByteTokenizer.EncodePrompt(text);
        Assert.Equal(ByteTokenizer.Bos, tokens[0]);
        Assert.Equal(ByteTokenizer.System, tokens[1]);
        Assert.Equal(ByteTokenizer.Assistant, tokens[^1]);
    }

    [Fact]
    public void ChatTemplate_UnknownRole_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChatTemplate.Render([new ChatMessage("tool", "x")]));
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
