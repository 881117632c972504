using System.Numerics;

namespace Otr.Chain.Transactions;

/// <summary>What a reverted call returned.</summary>
/// <param name="Data">0x-prefixed raw revert data (<c>"0x"</c> when the node returned none).</param>
/// <param name="Selector">First four bytes of <paramref name="Data"/> as 0x-prefixed hex, or <c>null</c> when shorter.</param>
/// <param name="ErrorName">Signature of the matching known error (<c>Error(string)</c>, <c>Panic(uint256)</c> or one of the configured custom errors).</param>
/// <param name="Reason">The message of <c>Error(string)</c>, or the node's message when there is no data.</param>
/// <param name="PanicCode">The code of <c>Panic(uint256)</c>.</param>
public sealed record RevertInfo(string Data, string? Selector, string? ErrorName, string? Reason, BigInteger? PanicCode)
{
    /// <summary>A short human-readable description.</summary>
    public override string ToString()
    {
        if (PanicCode is { } code)
            return $"Panic(0x{code:x2})";
        if (ErrorName == RevertDecoder.ErrorStringSignature)
            return $"Error(\"{Reason}\")";
        if (Selector is null)
            return Reason is null ? "revert without data" : $"revert without data ({Reason})";
        var name = ErrorName is null ? "unknown custom error" : $"custom error {ErrorName}";
        return $"{name} {Selector}, data {Data}";
    }
}
