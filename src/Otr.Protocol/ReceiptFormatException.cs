namespace Otr.Protocol;

/// <summary>
/// Receipt JSON that cannot be read. <see cref="Exception.Message"/> starts with the dotted path
/// of the offending field, e.g. <c>receipt.traceRoot: expected 0x + 64 hex digits</c>.
/// </summary>
public sealed class ReceiptFormatException : FormatException
{
    /// <summary>Creates the exception for a field and the problem found there.</summary>
    public ReceiptFormatException(string field, string problem)
        : this(field, problem, null)
    {
    }

    /// <summary>Creates the exception for a field, the problem found there and its cause.</summary>
    public ReceiptFormatException(string field, string problem, Exception? innerException)
        : base($"{field}: {problem}", innerException)
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>Creates the exception with a plain message (field "$").</summary>
    public ReceiptFormatException()
        : this("$", "invalid receipt JSON")
    {
    }

    /// <summary>Creates the exception with a plain message (field "$").</summary>
    public ReceiptFormatException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a plain message (field "$") and its cause.</summary>
    public ReceiptFormatException(string message, Exception? innerException)
        : this("$", message, innerException)
    {
    }

    /// <summary>Dotted path of the offending field ("$" for the document itself), e.g. <c>receipt.nonce</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }
}
