using Otr.Protocol;

namespace Otr.Challenger;

/// <summary>
/// Durable record of the challenger's verdicts, one per receipt digest. The agent stores a verdict
/// before it commits the bus offset of the receipt, so adding must be durable when it returns and
/// idempotent (a redelivered receipt after a crash finds its verdict already there).
/// </summary>
public interface IFindingStore
{
    /// <summary>Stores the verdict durably; false (and nothing written) when a verdict for its digest is already stored.</summary>
    ValueTask<bool> AddAsync(Verdict verdict, CancellationToken cancellationToken);

    /// <summary>The stored verdict for a receipt digest, or null.</summary>
    Verdict? Find(Bytes32 digest);

    /// <summary>Number of stored verdicts.</summary>
    int Count { get; }

    /// <summary>Stored verdicts that have findings (of <paramref name="kind"/> when given), newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<Verdict> List(string? kind, int limit);
}
