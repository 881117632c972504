namespace Otr.Protocol;

/// <summary>The EIP-712 domain receipts are signed under: name "OTR", version "1", the chain and the rollup contract.</summary>
/// <param name="ChainId">EVM chain id.</param>
/// <param name="VerifyingContract">Address of the OtrRollup contract.</param>
public sealed record Eip712Domain(ulong ChainId, string VerifyingContract)
{
    /// <summary>Domain name.</summary>
    public const string Name = "OTR";

    /// <summary>Domain version.</summary>
    public const string Version = "1";
}
