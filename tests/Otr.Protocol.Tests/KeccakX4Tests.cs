using System.Runtime.Intrinsics;
using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

public class KeccakX4Tests
{
    // Each kernel this machine can run (the scalar one always; AVX2 and AVX-512VL when present).
    public static TheoryData<string> Kernels =>
        [.. Enum.GetValues<KeccakX4Kernel>().Where(KeccakX4.IsSupported).Select(k => k.ToString())];

    private static readonly Gen<byte[]> Message = Gen.Byte.Array[0, 700];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_RandomMessagesAndCounts_MatchesTheReferenceSponge(string kernelName) =>
        Gen.Select(Gen.Int[-1, 255], Gen.Int[1, 4], Message.Array[4]).Sample((prefix, count, m) =>
        {
            var digests = new byte[4 * 32];
            KeccakX4.HashPrefixed(Kernel(kernelName), prefix, count, m[0], m[1], m[2], m[3], digests);
            for (var i = 0; i < 4; i++)
            {
                var expected = i < count ? Reference(prefix, m[i]) : new byte[32];
                if (!digests.AsSpan(32 * i, 32).SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        }, iter: 200);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void HashPrefixed_LengthsAroundTheRate_MatchesTheReferenceSponge(string kernelName)
    {
        // With the prefix byte, payloads of 134..136 bytes end just before, at and after a block boundary.
        int[] lengths = [0, 1, 7, 8, 127, 128, 134, 135, 136, 137, 270, 271, 272, 273, 1000];
        foreach (var prefix in new[] { -1, 0x00, 0x01, 0xFF })
        {
            foreach (var length in lengths)
            {
                var m = Enumerable.Range(0, 4).Select(i => Enumerable.Range(0, length).Select(b => (byte)((b * 17) + i)).ToArray()).ToArray();
                var digests = new byte[4 * 32];
                KeccakX4.HashPrefixed(Kernel(kernelName), prefix, 4, m[0], m[1], m[2], m[3], digests);
                for (var i = 0; i < 4; i++)
                {
                    Assert.Equal(Reference(prefix, m[i]), digests[(32 * i)..(32 * (i + 1))]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Permute_FourRandomStates_EachEqualsTheScalarPermutation(string kernelName) =>
        Gen.ULong.Array[100].Sample(lanes =>
        {
            var state = default(State4);
            for (var k = 0; k < 25; k++)
            {
                state[k] = Vector256.Create(lanes[k], lanes[25 + k], lanes[50 + k], lanes[75 + k]);
            }

            KeccakX4.Permute(Kernel(kernelName), ref state);
            for (var i = 0; i < 4; i++)
            {
                var expected = lanes.AsSpan(25 * i, 25).ToArray();
                KeccakSponge.Permute(expected);
                for (var k = 0; k < 25; k++)
                {
                    if (state[k].GetElement(i) != expected[k])
                    {
                        return false;
                    }
                }
            }

            return true;
        }, iter: 50);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Permute_ZeroStates_MatchTheKeccakTeamIntermediateValues(string kernelName)
    {
        var state = default(State4);
        KeccakX4.Permute(Kernel(kernelName), ref state);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(0xF1258F7940E1DDE7UL, state[0].GetElement(i));
            Assert.Equal(0xBD1547306F80494DUL, state[3].GetElement(i));
        }
    }

    [Fact]
    public void Hash_Public_EqualsKeccakOfEachMessage() =>
        Gen.Select(Message.Array[4], Gen.Int[1, 4]).Sample((m, count) =>
        {
            var digests = new Bytes32[count];
            KeccakX4.Hash(m[0], m[1], m[2], m[3], digests);
            return digests.Select((d, i) => d == Keccak.Hash(m[i])).All(x => x);
        });

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Hash_DigestCountOutsideOneToFour_Throws(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => KeccakX4.Hash([], [], [], [], new Bytes32[count]));
        Assert.Equal("digests", e.ParamName);
    }

    [Fact]
    public void IsHardwareAccelerated_MatchesTheBestKernel() =>
        Assert.Equal(KeccakX4.Best != KeccakX4Kernel.Scalar, KeccakX4.IsHardwareAccelerated);

    private static KeccakX4Kernel Kernel(string name) => Enum.Parse<KeccakX4Kernel>(name);

    private static byte[] Reference(int prefix, byte[] message) =>
        prefix < 0 ? KeccakReference.Hash(message) : KeccakReference.Hash([(byte)prefix], message);
}
