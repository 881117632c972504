namespace Otr.Sequencer.Executors;

/// <summary>An executor could not be reached, timed out or failed on its side (5xx, broken stream).</summary>
public sealed class ExecutorUnavailableException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ExecutorUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
