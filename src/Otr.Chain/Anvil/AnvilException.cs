namespace Otr.Chain.Anvil;

/// <summary>Anvil could not be started or answered a JSON-RPC call with an error.</summary>
public sealed class AnvilException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnvilException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AnvilException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public AnvilException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
