using Nethereum.ABI.FunctionEncoding.Attributes;
using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>ABI form of the Solidity <c>Receipt</c> struct (contracts/src/Types.sol), field for field.</summary>
public sealed class ReceiptTuple
{
    /// <summary>bytes32 requestId.</summary>
    [Parameter("bytes32", "requestId", 1)]
    public byte[] RequestId { get; set; } = new byte[32];

    /// <summary>bytes32 modelId.</summary>
    [Parameter("bytes32", "modelId", 2)]
    public byte[] ModelId { get; set; } = new byte[32];

    /// <summary>bytes32 promptHash.</summary>
    [Parameter("bytes32", "promptHash", 3)]
    public byte[] PromptHash { get; set; } = new byte[32];

    /// <summary>bytes32 paramsHash.</summary>
    [Parameter("bytes32", "paramsHash", 4)]
    public byte[] ParamsHash { get; set; } = new byte[32];

    /// <summary>bytes32 outputHash.</summary>
    [Parameter("bytes32", "outputHash", 5)]
    public byte[] OutputHash { get; set; } = new byte[32];

    /// <summary>bytes32 traceRoot.</summary>
    [Parameter("bytes32", "traceRoot", 6)]
    public byte[] TraceRoot { get; set; } = new byte[32];

    /// <summary>uint64 traceLength.</summary>
    [Parameter("uint64", "traceLength", 7)]
    public ulong TraceLength { get; set; }

    /// <summary>address executor.</summary>
    [Parameter("address", "executor", 8)]
    public string Executor { get; set; } = "0x0000000000000000000000000000000000000000";

    /// <summary>uint64 nonce.</summary>
    [Parameter("uint64", "nonce", 9)]
    public ulong Nonce { get; set; }

    /// <summary>uint64 issuedAt.</summary>
    [Parameter("uint64", "issuedAt", 10)]
    public ulong IssuedAt { get; set; }

    /// <summary>The ABI form of a protocol receipt.</summary>
    public static ReceiptTuple From(Receipt r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReceiptTuple
        {
            RequestId = r.RequestId.ToArray(),
            ModelId = r.ModelId.ToArray(),
            PromptHash = r.PromptHash.ToArray(),
            ParamsHash = r.ParamsHash.ToArray(),
            OutputHash = r.OutputHash.ToArray(),
            TraceRoot = r.TraceRoot.ToArray(),
            TraceLength = r.TraceLength,
            Executor = r.Executor,
            Nonce = r.Nonce,
            IssuedAt = r.IssuedAt,
        };
    }

    /// <summary>The protocol receipt of this ABI tuple.</summary>
    public Receipt ToReceipt() => new(
        new Bytes32(RequestId),
        new Bytes32(ModelId),
        new Bytes32(PromptHash),
        new Bytes32(ParamsHash),
        new Bytes32(OutputHash),
        new Bytes32(TraceRoot),
        TraceLength,
        Executor,
        Nonce,
        IssuedAt);
}
