namespace Otr.Executor.Hosting;

/// <summary>What the executor did about its L1 registration at start.</summary>
/// <param name="Status"><c>off-chain</c> (no L1), <c>disabled</c> (L1 without registration), <c>registered</c> (this start) or <c>already-registered</c>.</param>
/// <param name="RegistrationNonce">The nonce the evidence's report data commits to.</param>
/// <param name="TransactionHash">The registration transaction, when this start sent one.</param>
internal sealed record RegistrationOutcome(string Status, System.Numerics.BigInteger RegistrationNonce, string? TransactionHash = null)
{
    public const string OffChain = "off-chain";
    public const string Disabled = "disabled";
    public const string Registered = "registered";
    public const string AlreadyRegistered = "already-registered";
}
