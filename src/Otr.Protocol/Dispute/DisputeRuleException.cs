namespace Otr.Protocol.Dispute;

/// <summary>A move the contract would reject; <see cref="ErrorName"/> is the Solidity custom error it would revert with.</summary>
public sealed class DisputeRuleException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DisputeRuleException(string errorName, string message)
        : base(message) => ErrorName = errorName;

    /// <summary>Creates the exception.</summary>
    public DisputeRuleException()
        : this("", "illegal dispute move")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DisputeRuleException(string message)
        : this("", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DisputeRuleException(string message, Exception innerException)
        : base(message, innerException) => ErrorName = "";

    /// <summary>The Solidity error name (e.g. <c>WrongPhase</c>, <c>DeadlinePassed</c>, <c>InvalidAppend</c>).</summary>
    public string ErrorName { get; } = "";
}
