namespace Otr.Bench;

/// <summary>Order statistics (linear interpolation between closest ranks, as numpy's default / R type 7).</summary>
internal static class Stats
{
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);
}
