using System.Numerics;

namespace Otr.Chain.Contracts;

/// <summary>
/// <c>OtrRollup.submitBatch</c> reverted with <c>BatchIndexMismatch(expected, got)</c>: the rollup
/// expects batch <see cref="Expected"/> next. A restarted sequencer uses it to tell a batch it already
/// posted (<see cref="Got"/> &lt; <see cref="Expected"/>) from a gap.
/// </summary>
public sealed class BatchIndexMismatchException : ContractRevertException
{
    /// <summary>Creates the exception from the decoded error.</summary>
    public BatchIndexMismatchException(ulong expected, ulong got, string? revertData, Exception? inner)
        : base("BatchIndexMismatch", [new BigInteger(expected), new BigInteger(got)], revertData,
            $"OtrRollup reverted BatchIndexMismatch: expected batch index {expected}, got {got}", inner)
    {
        Expected = expected;
        Got = got;
    }

    /// <summary>Creates an exception without details.</summary>
    public BatchIndexMismatchException()
        : this(0, 0, null, null)
    {
    }

    /// <summary>Creates an exception without details.</summary>
    public BatchIndexMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception without details.</summary>
    public BatchIndexMismatchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The rollup's <c>nextBatchIndex</c>.</summary>
    public ulong Expected { get; }

    /// <summary>The index that was submitted.</summary>
    public ulong Got { get; }
}
