namespace Otr.Chain.Contracts;

/// <summary>
/// A contract call or transaction reverted. When the revert data matches an error of the OTR
/// contracts' ABIs (contracts/src/Errors.sol, OpenZeppelin's errors, <c>Error(string)</c>,
/// <c>Panic(uint256)</c>), <see cref="ErrorName"/> and <see cref="Arguments"/> say which and why.
/// </summary>
public class ContractRevertException : Exception
{
    /// <summary>Creates the exception for decoded (or undecodable) revert data.</summary>
    /// <param name="errorName">The Solidity error's name, or null when the data is unknown or unavailable.</param>
    /// <param name="arguments">The error's decoded arguments (BigInteger, checksummed address string, Bytes32, bool, string or byte[]).</param>
    /// <param name="revertData">The raw revert data as 0x hex, or null when the node returned none.</param>
    /// <param name="message">Human-readable description.</param>
    /// <param name="inner">The exception the client library raised.</param>
    public ContractRevertException(string? errorName, IReadOnlyList<object?> arguments, string? revertData, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorName = errorName;
        Arguments = arguments;
        RevertData = revertData;
    }

    /// <summary>Creates an exception without decoded data.</summary>
    public ContractRevertException()
        : this(null, [], null, "contract reverted")
    {
    }

    /// <summary>Creates an exception without decoded data.</summary>
    public ContractRevertException(string message)
        : this(null, [], null, message)
    {
    }

    /// <summary>Creates an exception without decoded data.</summary>
    public ContractRevertException(string message, Exception inner)
        : this(null, [], null, message, inner)
    {
    }

    /// <summary>The Solidity error's name (e.g. <c>BatchIndexMismatch</c>), or null when unknown.</summary>
    public string? ErrorName { get; }

    /// <summary>The error's arguments in declaration order.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>The raw revert data (0x hex), or null.</summary>
    public string? RevertData { get; }
}
