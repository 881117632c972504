using System.Numerics;
using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>
/// Proof of Efficient Attribution, the payment side (pure): a receipt's fee is the model's <c>pricePerToken</c> from
/// ModelRegistry times the receipt's output tokens, and it belongs to the enclave key that signed the receipt and to
/// the operator that registered (and staked) that key in ExecutorRegistry for the receipt's model.
/// </summary>
public static class FeeAttribution
{
    /// <summary>Decides one receipt's fee, or says why it cannot be attributed yet.</summary>
    /// <param name="subject">The receipt.</param>
    /// <param name="pricePerToken">The model's price in wei per output token; null when ModelRegistry has no such model.</param>
    /// <param name="registration">The signing key's registration; null when the key has none.</param>
    /// <param name="now">The time recorded on the line.</param>
    /// <param name="reason">Why there is no line: names what is missing (the price, the registration) and for what.</param>
    /// <returns>The fee line, or null with <paramref name="reason"/> naming what is missing.</returns>
    public static FeeLine? Decide(FeeSubject subject, BigInteger? pricePerToken, ExecutorOperator? registration, DateTimeOffset now, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Tokens < 0)
        {
            reason = $"receipt {subject.Digest} has a negative output token count ({subject.Tokens})";
            return null;
        }

        if (pricePerToken is not { } price)
        {
            reason = $"price unknown: model '{subject.Model}' has no pricePerToken in ModelRegistry";
            return null;
        }

        if (price < 0)
        {
            reason = $"price invalid: model '{subject.Model}' has a negative pricePerToken ({price})";
            return null;
        }

        if (registration is null)
        {
            reason = $"executor unregistered: enclave key {subject.Executor} has no registration in ExecutorRegistry";
            return null;
        }

        var modelId = Keccak.HashUtf8(subject.Model);
        if (registration.ModelId != modelId)
        {
            reason = $"executor registered for another model: enclave key {subject.Executor} serves model id {registration.ModelId}, not '{subject.Model}' ({modelId})";
            return null;
        }

        reason = null;
        return new FeeLine(subject.Digest, subject.Model, subject.Executor, registration.Operator, subject.Tokens, price, price * subject.Tokens, now);
    }

    /// <summary>Totals per enclave key and operator, in descending order of wei, then by key; each digest counts once.</summary>
    public static IReadOnlyList<FeeTotal> Totals(IEnumerable<FeeLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return [.. lines
            .DistinctBy(l => l.Digest)
            .GroupBy(l => (Executor: l.Executor.ToLowerInvariant(), Operator: l.Operator.ToLowerInvariant()))
            .Select(g => new FeeTotal(
                g.First().Executor,
                g.First().Operator,
                g.LongCount(),
                g.Sum(l => l.Tokens),
                g.Aggregate(BigInteger.Zero, (sum, l) => sum + l.Wei)))
            .OrderByDescending(t => t.Wei)
            .ThenBy(t => t.Executor, StringComparer.OrdinalIgnoreCase)];
    }
}
