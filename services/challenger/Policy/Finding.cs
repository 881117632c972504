namespace Otr.Challenger;

/// <summary>One problem found in a published receipt.</summary>
/// <param name="Kind">Stable code, one of <see cref="FindingKind"/>.</param>
/// <param name="Message">Human-readable explanation naming the values that disagree.</param>
public sealed record Finding(string Kind, string Message);
