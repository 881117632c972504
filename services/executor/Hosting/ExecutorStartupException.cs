namespace Otr.Executor.Hosting;

/// <summary>The executor refuses to start (and therefore to serve): the message says why.</summary>
public sealed class ExecutorStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutorStartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutorStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutorStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
