namespace Otr.Cli.Verify;

/// <summary>Where <c>otr verify</c> looks: L1 and the sequencer that holds batch proofs.</summary>
/// <param name="RpcUrl">L1 JSON-RPC URL (null: offline).</param>
/// <param name="Rollup">OtrRollup address.</param>
/// <param name="ExecutorRegistry">ExecutorRegistry address.</param>
/// <param name="SequencerUrl">Sequencer base URL for batch placement and proofs (null: use what the file carries).</param>
/// <param name="ApiKey">API key for the sequencer.</param>
public sealed record VerifyTarget(string? RpcUrl, string? Rollup, string? ExecutorRegistry, string? SequencerUrl, string? ApiKey);
