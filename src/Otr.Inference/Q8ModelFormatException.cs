namespace Otr.Inference;

/// <summary>A model file (or tensor list) is truncated, corrupt, or not a supported q8-exact model.</summary>
public sealed class Q8ModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public Q8ModelFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public Q8ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public Q8ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
