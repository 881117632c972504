namespace Otr.Cli.Verify;

/// <summary>One line of a verification report.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">True when it holds; null when it could not be checked (e.g. offline).</param>
/// <param name="Detail">What was found.</param>
public sealed record ReceiptCheck(string Name, bool? Passed, string Detail);
