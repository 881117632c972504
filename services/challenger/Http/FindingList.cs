namespace Otr.Challenger;

/// <summary>Body of <c>GET /v1/findings</c>.</summary>
/// <param name="Data">Findings, newest receipt first.</param>
/// <param name="ReceiptsChecked">Number of receipts judged so far (clean or not).</param>
public sealed record FindingList(IReadOnlyList<FindingView> Data, int ReceiptsChecked);
