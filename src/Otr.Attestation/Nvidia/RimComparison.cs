using System.Globalization;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// The pure comparison of a report's measurement blocks with RIM reference values, as nvtrust does it: the active
/// measurements of all RIMs are merged by index (two RIMs may not both claim one index); every active RIM index i
/// needs SPDM block i + 1, whose value must have the RIM's size and equal one of its alternatives.
/// </summary>
public static class RimComparison
{
    /// <summary>The outcome: which RIM indices were compared, and which of them did not match.</summary>
    /// <param name="Compared">Active RIM indices compared.</param>
    /// <param name="Mismatched">RIM indices whose block matched no alternative.</param>
    public sealed record Outcome(IReadOnlyList<int> Compared, IReadOnlyList<int> Mismatched);

    /// <summary>Compares, without throwing on a mismatch (for diagnostics and tests).</summary>
    /// <param name="blocks">The report's blocks.</param>
    /// <param name="references">The reference measurements of every RIM.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-rim-conflict</c>, <c>gpu-measurement-missing</c>.</exception>
    public static Outcome Compare(IReadOnlyList<SpdmMeasurementBlock> blocks, IEnumerable<IReadOnlyList<RimMeasurement>> references)
    {
        var golden = new SortedDictionary<int, RimMeasurement>();
        foreach (var measurement in references.SelectMany(r => r).Where(m => m.Active))
        {
            if (!golden.TryAdd(measurement.Index, measurement))
            {
                throw new AttestationRejectedException(NvidiaReasons.RimConflict,
                    string.Create(CultureInfo.InvariantCulture, $"two RIMs hold an active measurement at index {measurement.Index}"));
            }
        }

        var byIndex = blocks.ToDictionary(b => (int)b.Index);
        var mismatched = new List<int>();
        foreach (var (index, reference) in golden)
        {
            if (!byIndex.TryGetValue(index + 1, out var block))
            {
                throw new AttestationRejectedException(NvidiaReasons.MeasurementMissing,
                    string.Create(CultureInfo.InvariantCulture, $"RIM measurement {index} ('{reference.Name}') has no block {index + 1} in the report"));
            }

            if (block.Value.Length != reference.Size || !reference.Alternatives.Any(a => a.AsSpan().SequenceEqual(block.Value)))
            {
                mismatched.Add(index);
            }
        }

        return new Outcome(golden.Keys.ToList(), mismatched);
    }

    /// <summary>Compares and rejects on any mismatch, naming each index with the report and RIM values.</summary>
    /// <param name="blocks">The report's blocks.</param>
    /// <param name="references">The reference measurements of every RIM.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-rim-conflict</c>, <c>gpu-measurement-missing</c>, <c>gpu-measurement-mismatch</c>.</exception>
    public static Outcome Require(IReadOnlyList<SpdmMeasurementBlock> blocks, IReadOnlyList<IReadOnlyList<RimMeasurement>> references)
    {
        var outcome = Compare(blocks, references);
        if (outcome.Mismatched.Count > 0)
        {
            var golden = references.SelectMany(r => r).Where(m => m.Active).ToDictionary(m => m.Index);
            var details = outcome.Mismatched.Select(i =>
                string.Create(CultureInfo.InvariantCulture,
                    $"RIM index {i} / block {i + 1} ('{golden[i].Name}'): report {Convert.ToHexStringLower(blocks.First(b => b.Index == i + 1).Value)}, RIM {string.Join(" or ", golden[i].Alternatives.Select(Convert.ToHexStringLower))}"));
            throw new AttestationRejectedException(NvidiaReasons.MeasurementMismatch,
                $"{outcome.Mismatched.Count} of {outcome.Compared.Count} active measurements do not match the RIMs: {string.Join("; ", details)}");
        }

        return outcome;
    }
}
