using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/OtrRollup.sol</c> (hand-written; checked against the artifact ABI by tests).</summary>
public static class OtrRollupMessages
{
    /// <summary><c>constructor(address initialOwner, uint64 challengeWindow_)</c> with the committed bytecode.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.OtrRollup.Bytecode)
    {
        /// <summary>Owner (sets the sequencer and the dispute game).</summary>
        [Parameter("address", "initialOwner", 1)]
        public string InitialOwner { get; set; } = "";

        /// <summary>Challenge window in seconds; non-zero.</summary>
        [Parameter("uint64", "challengeWindow_", 2)]
        public ulong ChallengeWindow { get; set; }
    }

    /// <summary><c>setSequencer(address)</c>.</summary>
    [Function("setSequencer")]
    public sealed class SetSequencerFunction : FunctionMessage
    {
        /// <summary>The new sequencer.</summary>
        [Parameter("address", "sequencer_", 1)]
        public string Sequencer { get; set; } = "";
    }

    /// <summary><c>setDisputeGame(address)</c>.</summary>
    [Function("setDisputeGame")]
    public sealed class SetDisputeGameFunction : FunctionMessage
    {
        /// <summary>The new dispute game.</summary>
        [Parameter("address", "disputeGame_", 1)]
        public string DisputeGame { get; set; } = "";
    }

    /// <summary><c>submitBatch(uint64 batchIndex, bytes32 root, uint32 count, bytes32 dataPointer)</c>.</summary>
    [Function("submitBatch")]
    public sealed class SubmitBatchFunction : FunctionMessage
    {
        /// <summary>Must equal <c>nextBatchIndex</c>.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }

        /// <summary>Merkle root over the batch leaves.</summary>
        [Parameter("bytes32", "root", 2)]
        public byte[] Root { get; set; } = new byte[32];

        /// <summary>Number of receipts.</summary>
        [Parameter("uint32", "count", 3)]
        public uint Count { get; set; }

        /// <summary>Where the receipts are published.</summary>
        [Parameter("bytes32", "dataPointer", 4)]
        public byte[] DataPointer { get; set; } = new byte[32];
    }

    /// <summary><c>finalizeBatch(uint64 batchIndex)</c>.</summary>
    [Function("finalizeBatch")]
    public sealed class FinalizeBatchFunction : FunctionMessage
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }
    }

    /// <summary><c>disputeRecord(bytes32) view returns (uint8)</c>: 0 none, 1 open, 2 settled.</summary>
    [Function("disputeRecord", "uint8")]
    public sealed class DisputeRecordFunction : FunctionMessage
    {
        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];
    }

    /// <summary><c>nextBatchIndex() view returns (uint64)</c>.</summary>
    [Function("nextBatchIndex", "uint64")]
    public sealed class NextBatchIndexFunction : FunctionMessage;

    /// <summary><c>challengeWindow() view returns (uint64)</c>.</summary>
    [Function("challengeWindow", "uint64")]
    public sealed class ChallengeWindowFunction : FunctionMessage;

    /// <summary><c>sequencer() view returns (address)</c>.</summary>
    [Function("sequencer", "address")]
    public sealed class SequencerFunction : FunctionMessage;

    /// <summary><c>disputeGame() view returns (address)</c>.</summary>
    [Function("disputeGame", "address")]
    public sealed class DisputeGameFunction : FunctionMessage;

    /// <summary><c>domainSeparator() view returns (bytes32)</c>.</summary>
    [Function("domainSeparator", "bytes32")]
    public sealed class DomainSeparatorFunction : FunctionMessage;

    /// <summary><c>RECEIPT_TYPEHASH() view returns (bytes32)</c>.</summary>
    [Function("RECEIPT_TYPEHASH", "bytes32")]
    public sealed class ReceiptTypeHashFunction : FunctionMessage;

    /// <summary><c>invalidated(bytes32) view returns (bool)</c>.</summary>
    [Function("invalidated", "bool")]
    public sealed class InvalidatedFunction : FunctionMessage
    {
        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];
    }

    /// <summary><c>batches(uint64) view returns (bytes32 root, uint32 count, bytes32 dataPointer, uint64 postedAt, bool finalized)</c>.</summary>
    [Function("batches", typeof(BatchesOutput))]
    public sealed class BatchesFunction : FunctionMessage
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }
    }

    /// <summary>Output of <see cref="BatchesFunction"/>.</summary>
    [FunctionOutput]
    public sealed class BatchesOutput : IFunctionOutputDTO
    {
        /// <summary>Merkle root.</summary>
        [Parameter("bytes32", "root", 1)]
        public byte[] Root { get; set; } = new byte[32];

        /// <summary>Number of receipts.</summary>
        [Parameter("uint32", "count", 2)]
        public uint Count { get; set; }

        /// <summary>Data pointer.</summary>
        [Parameter("bytes32", "dataPointer", 3)]
        public byte[] DataPointer { get; set; } = new byte[32];

        /// <summary>Block timestamp of the submission.</summary>
        [Parameter("uint64", "postedAt", 4)]
        public ulong PostedAt { get; set; }

        /// <summary>Whether finalizeBatch was called.</summary>
        [Parameter("bool", "finalized", 5)]
        public bool Finalized { get; set; }
    }

    /// <summary><c>finalizesAt(uint64) view returns (uint256)</c>.</summary>
    [Function("finalizesAt", "uint256")]
    public sealed class FinalizesAtFunction : FunctionMessage
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }
    }

    /// <summary><c>hashReceipt(Receipt) view returns (bytes32)</c>.</summary>
    [Function("hashReceipt", "bytes32")]
    public sealed class HashReceiptFunction : FunctionMessage
    {
        /// <summary>The receipt.</summary>
        [Parameter("tuple", "r", 1)]
        public ReceiptTuple Receipt { get; set; } = new();
    }

    /// <summary><c>recoverSigner(Receipt, bytes) view returns (address)</c>.</summary>
    [Function("recoverSigner", "address")]
    public sealed class RecoverSignerFunction : FunctionMessage
    {
        /// <summary>The receipt.</summary>
        [Parameter("tuple", "r", 1)]
        public ReceiptTuple Receipt { get; set; } = new();

        /// <summary>65 bytes r ‖ s ‖ v.</summary>
        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];
    }

    /// <summary><c>verifyReceipt(Receipt, bytes, ExecutorRegistry) view returns (bool)</c>.</summary>
    [Function("verifyReceipt", "bool")]
    public sealed class VerifyReceiptFunction : FunctionMessage
    {
        /// <summary>The receipt.</summary>
        [Parameter("tuple", "r", 1)]
        public ReceiptTuple Receipt { get; set; } = new();

        /// <summary>65 bytes r ‖ s ‖ v.</summary>
        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];

        /// <summary>The executor registry to check against.</summary>
        [Parameter("address", "registry", 3)]
        public string Registry { get; set; } = "";
    }

    /// <summary><c>batchLeaf(bytes32) pure returns (bytes32)</c>.</summary>
    [Function("batchLeaf", "bytes32")]
    public sealed class BatchLeafFunction : FunctionMessage
    {
        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];
    }

    /// <summary><c>verifyInclusion(uint64, bytes32, uint256, bytes32[]) view returns (bool)</c>.</summary>
    [Function("verifyInclusion", "bool")]
    public sealed class VerifyInclusionFunction : FunctionMessage
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }

        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 2)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Position in the batch.</summary>
        [Parameter("uint256", "index", 3)]
        public BigInteger Index { get; set; }

        /// <summary>Siblings from the leaf up.</summary>
        [Parameter("bytes32[]", "proof", 4)]
        public List<byte[]> Proof { get; set; } = [];
    }

    /// <summary><c>receiptStatus(uint64, bytes32, uint256, bytes32[]) view returns (uint8)</c>.</summary>
    [Function("receiptStatus", "uint8")]
    public sealed class ReceiptStatusFunction : FunctionMessage
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1)]
        public ulong BatchIndex { get; set; }

        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 2)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Position in the batch.</summary>
        [Parameter("uint256", "index", 3)]
        public BigInteger Index { get; set; }

        /// <summary>Siblings from the leaf up.</summary>
        [Parameter("bytes32[]", "proof", 4)]
        public List<byte[]> Proof { get; set; } = [];
    }

    /// <summary><c>event BatchSubmitted(uint64 indexed batchIndex, bytes32 root, uint32 count, bytes32 dataPointer, uint64 postedAt)</c>.</summary>
    [Event("BatchSubmitted")]
    public sealed class BatchSubmittedEvent : IEventDTO
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1, true)]
        public ulong BatchIndex { get; set; }

        /// <summary>Merkle root.</summary>
        [Parameter("bytes32", "root", 2, false)]
        public byte[] Root { get; set; } = new byte[32];

        /// <summary>Number of receipts.</summary>
        [Parameter("uint32", "count", 3, false)]
        public uint Count { get; set; }

        /// <summary>Data pointer.</summary>
        [Parameter("bytes32", "dataPointer", 4, false)]
        public byte[] DataPointer { get; set; } = new byte[32];

        /// <summary>Block timestamp of the submission.</summary>
        [Parameter("uint64", "postedAt", 5, false)]
        public ulong PostedAt { get; set; }
    }

    /// <summary><c>event BatchFinalized(uint64 indexed batchIndex, uint64 finalizedAt)</c>.</summary>
    [Event("BatchFinalized")]
    public sealed class BatchFinalizedEvent : IEventDTO
    {
        /// <summary>The batch.</summary>
        [Parameter("uint64", "batchIndex", 1, true)]
        public ulong BatchIndex { get; set; }

        /// <summary>Block timestamp of the finalization.</summary>
        [Parameter("uint64", "finalizedAt", 2, false)]
        public ulong FinalizedAt { get; set; }
    }

    /// <summary><c>event ReceiptInvalidated(bytes32 indexed digest)</c>.</summary>
    [Event("ReceiptInvalidated")]
    public sealed class ReceiptInvalidatedEvent : IEventDTO
    {
        /// <summary>The receipt digest.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];
    }
}
