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

    /// <summary>
    /// A distribution-free confidence interval for the median: the order statistics at ranks
    /// n/2 ∓ z·√n/2 (the binomial(n, ½) count of values below the median, normal approximation;
    /// z = 1.96 for 95 %). Needs no assumption about the shape of the values, so outliers from a
    /// busy machine widen it only as much as they move the middle.
    /// </summary>
    public static (double Low, double High) MedianInterval(IEnumerable<double> values, double confidence)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        if (n == 0)
        {
            return (double.NaN, double.NaN);
        }

        var z = confidence switch
        {
            0.90 => 1.645,
            0.95 => 1.960,
            0.99 => 2.576,
            _ => throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "0.90, 0.95 or 0.99"),
        };
        var half = z * Math.Sqrt(n) / 2;
        var low = Math.Max(0, (int)Math.Floor((n / 2.0) - half) - 1);
        var high = Math.Min(n - 1, (int)Math.Ceiling((n / 2.0) + half));
        return (sorted[low], sorted[high]);
    }
}
