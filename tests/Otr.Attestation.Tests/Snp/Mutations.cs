using System.Diagnostics;
using CsCheck;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tests.Snp;

/// <summary>
/// Bounded, reproducible fuzzing of real evidence: CsCheck generators driven by a fixed PCG seed produce 1–4
/// mutations (flip a bit, overwrite a byte, truncate, duplicate a slice) per input; the subject must either succeed
/// or throw <see cref="AttestationRejectedException"/>. Each run stops after a fixed number of inputs or a time
/// budget, whichever comes first, so it cannot hang CI. <c>OTR_FUZZ_SCALE=N</c> multiplies both for a deeper local run.
/// </summary>
internal static class Mutations
{
    private static readonly Gen<(int Kind, int Position, byte Value, int Length)> One =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 64]);

    private static readonly Gen<(int Kind, int Position, byte Value, int Length)[]> Many = One.Array[1, 4];

    public static byte[] Apply(byte[] input, (int Kind, int Position, byte Value, int Length)[] mutations)
    {
        var bytes = input.ToList();
        foreach (var (kind, position, value, length) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << (value & 7));
                    break;
                case 1:
                    bytes[at] = value;
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length, bytes.Count - at)));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Runs <paramref name="subject"/> on mutated copies of <paramref name="input"/>; returns how many were accepted.</summary>
    public static (int Runs, int Accepted) Fuzz(byte[] input, Action<byte[]> subject, ulong seed, int iterations = 300, double seconds = 2)
    {
        var scale = int.TryParse(Environment.GetEnvironmentVariable("OTR_FUZZ_SCALE"), out var s) && s > 1 ? s : 1;
        iterations *= scale;
        seconds *= scale;
        var pcg = new PCG(1, seed);
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var accepted = 0;
        while (runs < iterations && clock.Elapsed.TotalSeconds < seconds)
        {
            var mutated = Apply(input, Many.Generate(pcg, null!, out _));
            runs++;
            try
            {
                subject(mutated);
                accepted++;
            }
            catch (AttestationRejectedException)
            {
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"input {runs} (seed {seed}, {mutated.Length} bytes {Convert.ToHexStringLower(mutated.AsSpan(0, Math.Min(64, mutated.Length)))}...) threw {e.GetType().Name}: {e}");
            }
        }

        return (runs, accepted);
    }
}
