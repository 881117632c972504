using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class KeccakLanesTests
{
    // Each kernel this machine can run (scalar always; AVX2, AVX-512VL and 512-bit AVX-512 when present).
    public static TheoryData<string> Kernels =>
        [.. Enum.GetValues<KeccakKernel>().Where(KeccakLanes.IsSupported).Select(k => k.ToString())];

    private static readonly Gen<byte[]> Message = Gen.Byte.Array[0, 700];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_RandomMessagesOfAnyLengths_MatchesTheReferenceSponge(string kernelName)
    {
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        Gen.Select(Gen.Int[-1, 255], Message.Array[1, KeccakLanes.Width(kernel)]).Sample((prefix, m) =>
        {
            var (buffer, ranges) = Concatenate(m);
            var digests = new byte[32 * m.Length];
            KeccakLanes.HashPrefixed(kernel, prefix, buffer, ranges, digests);
            return m.Select((x, i) => digests.AsSpan(32 * i, 32).SequenceEqual(Reference(prefix, x))).All(ok => ok);
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_LengthsAroundTheRate_MatchesTheReferenceSponge(string kernelName)
    {
        // With the prefix byte, payloads of 134..136 bytes end just before, at and after a block boundary; the short
        // ones end inside, at and after a word (the word holding the prefix byte and the one holding the end are assembled).
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        var width = KeccakLanes.Width(kernel);
        int[] lengths = [0, 1, 2, 6, 7, 8, 9, 15, 16, 17, 63, 64, 65, 71, 72, 127, 128, 134, 135, 136, 137, 200, 270, 271, 272, 273, 1000];
        foreach (var prefix in new[] { -1, 0x00, 0x01, 0xFF })
        {
            foreach (var length in lengths)
            {
                var m = Enumerable.Range(0, width).Select(i => Enumerable.Range(0, length).Select(b => (byte)((b * 17) + i)).ToArray()).ToArray();
                var (buffer, ranges) = Concatenate(m);
                var digests = new byte[32 * width];
                KeccakLanes.HashPrefixed(kernel, prefix, buffer, ranges, digests);
                for (var i = 0; i < width; i++)
                {
                    Assert.Equal(Reference(prefix, m[i]), digests[(32 * i)..(32 * (i + 1))]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_FullPassOfEqualLengths_AnywhereInTheBuffer_MatchesTheReferenceSponge(string kernelName)
    {
        // A full pass of messages of one length takes the vector absorb (8 lanes); they may sit anywhere, in any order.
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        var width = KeccakLanes.Width(kernel);
        Gen.Select(Gen.Int[-1, 255], Gen.Int[0, 600], Gen.Byte.Array[1200], Gen.Int[0, 100].Array[width]).Sample((prefix, length, bytes, gaps) =>
        {
            var buffer = new byte[(width * length) + gaps.Sum() + 1];
            var ranges = new Range[width];
            for (int i = 0, at = 0; i < width; i++)
            {
                at += gaps[i];
                ranges[width - 1 - i] = new Range(at, at + length);
                bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(buffer.AsSpan(at));
                buffer[at + (length > 0 ? length - 1 : 0)] ^= (byte)i;
                at += length;
            }

            var digests = new byte[32 * width];
            KeccakLanes.HashPrefixed(kernel, prefix, buffer, ranges, digests);
            return Enumerable.Range(0, width).All(i => digests.AsSpan(32 * i, 32).SequenceEqual(Reference(prefix, buffer[ranges[i]])));
        }, iter: 300);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Permute_RandomStates_EachEqualsTheScalarPermutation(string kernelName)
    {
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        var width = KeccakLanes.Width(kernel);
        Gen.ULong.Array[25 * width].Sample(state =>
        {
            var permuted = state.ToArray();
            KeccakLanes.Permute(kernel, permuted);
            for (var i = 0; i < width; i++)
            {
                var expected = Enumerable.Range(0, 25).Select(k => state[(width * k) + i]).ToArray();
                KeccakSponge.Permute(expected);
                if (!Enumerable.Range(0, 25).All(k => permuted[(width * k) + i] == expected[k]))
                {
                    return false;
                }
            }

            return true;
        }, iter: 50);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Permute_ZeroStates_MatchTheKeccakTeamIntermediateValues(string kernelName)
    {
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        var width = KeccakLanes.Width(kernel);
        var state = new ulong[25 * width];
        KeccakLanes.Permute(kernel, state);
        for (var i = 0; i < width; i++)
        {
            Assert.Equal(0xF1258F7940E1DDE7UL, state[i]);
            Assert.Equal(0xBD1547306F80494DUL, state[(3 * width) + i]);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_MoreMessagesThanLanes_Throws(string kernelName)
    {
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        var ranges = Enumerable.Repeat(new Range(0, 0), KeccakLanes.Width(kernel) + 1).ToArray();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => KeccakLanes.HashPrefixed(kernel, 0, [], ranges, new byte[32 * ranges.Length]));
        Assert.Equal("messages", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Batch_ManyMessagesOfMixedLengths_MatchesTheReferenceInTheGivenOrder(string kernelName)
    {
        var kernel = Enum.Parse<KeccakKernel>(kernelName);
        Gen.Select(Gen.Int[-1, 255], Gen.Byte.Array[0, 500].Array[0, 40]).Sample((prefix, m) =>
        {
            var (buffer, ranges) = Concatenate(m);
            var digests = new byte[32 * m.Length];
            KeccakBatch.HashPrefixed(prefix, buffer, ranges, digests, kernel);
            return m.Select((x, i) => digests.AsSpan(32 * i, 32).SequenceEqual(Reference(prefix, x))).All(ok => ok);
        }, iter: 100);
    }

    [Fact]
    public void Wide_IsSupportedHere() => Assert.True(KeccakLanes.IsSupported(KeccakBatch.Wide));

    private static (byte[] Buffer, Range[] Ranges) Concatenate(byte[][] messages)
    {
        var ranges = new Range[messages.Length];
        var at = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            ranges[i] = new Range(at, at + messages[i].Length);
            at += messages[i].Length;
        }

        return ([.. messages.SelectMany(x => x)], ranges);
    }

    private static byte[] Reference(int prefix, byte[] message) =>
        prefix < 0 ? KeccakReference.Hash(message) : KeccakReference.Hash([(byte)prefix], message);
}
