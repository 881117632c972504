namespace Otr.Chain.Transactions;

/// <summary>An intent could not be carried out (the node rejected it, its nonce was taken, or the node stayed unreachable).</summary>
public class TransactionManagerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionManagerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TransactionManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TransactionManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an intent.</summary>
    public TransactionManagerException(string intentId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        IntentId = intentId;
    }

    /// <summary>The intent concerned, when known.</summary>
    public string? IntentId { get; }

    /// <summary>
    /// True when the failure may go away by itself (node unreachable): the intent stays pending in the
    /// journal and sending it again re-attaches to it.
    /// </summary>
    public bool IsTransient { get; init; }
}
