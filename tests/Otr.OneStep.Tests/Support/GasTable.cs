using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Otr.Inference.Fine;

namespace Otr.OneStep.Tests.Support;

/// <summary>The worst gas seen per fine op (eth_estimateGas of a direct call, intrinsic cost included).</summary>
internal static class GasTable
{
    private static readonly ConcurrentDictionary<FineOp, long> Worst = new();

    public static void Record(FineOp op, long gas) => Worst.AddOrUpdate(op, gas, (_, g) => Math.Max(g, gas));

    public static IReadOnlyDictionary<FineOp, long> Snapshot() => new Dictionary<FineOp, long>(Worst);

    public static string Render(string title)
    {
        var text = new StringBuilder().AppendLine(title).AppendLine("| op | worst gas | share of a 30M block |").AppendLine("| --- | ---: | ---: |");
        foreach (var (op, gas) in Worst.OrderBy(kv => kv.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {op} | {gas:N0} | {gas / 300_000.0:F2} % |");
        }

        return text.ToString();
    }
}
