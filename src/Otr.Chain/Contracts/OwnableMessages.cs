using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Otr.Chain.Contracts;

/// <summary>ABI messages of OpenZeppelin <c>Ownable</c>, shared by every OTR contract that has an owner.</summary>
public static class OwnableMessages
{
    /// <summary><c>owner() view returns (address)</c>.</summary>
    [Function("owner", "address")]
    public sealed class OwnerFunction : FunctionMessage;

    /// <summary><c>transferOwnership(address newOwner)</c>.</summary>
    [Function("transferOwnership")]
    public sealed class TransferOwnershipFunction : FunctionMessage
    {
        /// <summary>The new owner.</summary>
        [Parameter("address", "newOwner", 1)]
        public string NewOwner { get; set; } = "";
    }
}
