using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Typed ABI messages of <c>contracts/src/DisputeGame.sol</c> (hand-written; checked against the artifact ABI by tests).</summary>
public static class DisputeGameMessages
{
    /// <summary><c>constructor(address initialOwner, address rollup_, address registry_, address verifier_, uint256 bond_, uint64 moveTimeout_, uint16 challengerRewardBps_)</c>.</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.DisputeGame.Bytecode)
    {
        /// <summary>Owner (sets the parameters).</summary>
        [Parameter("address", "initialOwner", 1)]
        public string InitialOwner { get; set; } = "";

        /// <summary>The rollup.</summary>
        [Parameter("address", "rollup_", 2)]
        public string Rollup { get; set; } = "";

        /// <summary>The executor registry.</summary>
        [Parameter("address", "registry_", 3)]
        public string Registry { get; set; } = "";

        /// <summary>The one-step verifier.</summary>
        [Parameter("address", "verifier_", 4)]
        public string Verifier { get; set; } = "";

        /// <summary>Challenger bond in wei.</summary>
        [Parameter("uint256", "bond_", 5)]
        public BigInteger Bond { get; set; }

        /// <summary>Seconds per move.</summary>
        [Parameter("uint64", "moveTimeout_", 6)]
        public ulong MoveTimeout { get; set; }

        /// <summary>Challenger's share of a slash, basis points.</summary>
        [Parameter("uint16", "challengerRewardBps_", 7)]
        public ushort ChallengerRewardBps { get; set; }
    }

    /// <summary>ABI form of <c>DisputeOpening</c>.</summary>
    public sealed class OpeningTuple
    {
        /// <summary>The receipt.</summary>
        [Parameter("tuple", "receipt", 1)]
        public ReceiptTuple Receipt { get; set; } = new();

        /// <summary>65-byte signature.</summary>
        [Parameter("bytes", "signature", 2)]
        public byte[] Signature { get; set; } = [];

        /// <summary>Batch index.</summary>
        [Parameter("uint64", "batchIndex", 3)]
        public ulong BatchIndex { get; set; }

        /// <summary>Position in the batch.</summary>
        [Parameter("uint256", "leafIndex", 4)]
        public BigInteger LeafIndex { get; set; }

        /// <summary>Inclusion proof.</summary>
        [Parameter("bytes32[]", "inclusionProof", 5)]
        public List<byte[]> InclusionProof { get; set; } = [];

        /// <summary>Prompt text (UTF-8).</summary>
        [Parameter("bytes", "promptText", 6)]
        public byte[] PromptText { get; set; } = [];

        /// <summary>Output tokens.</summary>
        [Parameter("uint32[]", "outputTokens", 7)]
        public List<uint> OutputTokens { get; set; } = [];

        /// <summary>Decoding parameter.</summary>
        [Parameter("uint32", "maxTokens", 8)]
        public uint MaxTokens { get; set; }

        /// <summary>Decoding parameter.</summary>
        [Parameter("uint32", "temperatureMilli", 9)]
        public uint TemperatureMilli { get; set; }

        /// <summary>Decoding parameter.</summary>
        [Parameter("uint64", "seed", 10)]
        public ulong Seed { get; set; }

        /// <summary>The challenger's trace root.</summary>
        [Parameter("bytes32", "challengerRoot", 11)]
        public byte[] ChallengerRoot { get; set; } = new byte[32];
    }

    /// <summary>ABI form of <c>TokenMismatchProof</c>.</summary>
    public sealed class TokenMismatchTuple
    {
        /// <summary>Leaf index.</summary>
        [Parameter("uint64", "leafIndex", 1)]
        public ulong LeafIndex { get; set; }

        /// <summary>Position t.</summary>
        [Parameter("uint32", "position", 2)]
        public uint Position { get; set; }

        /// <summary>Step l.</summary>
        [Parameter("uint32", "step", 3)]
        public uint Step { get; set; }

        /// <summary>Token.</summary>
        [Parameter("uint32", "token", 4)]
        public uint Token { get; set; }

        /// <summary>Siblings inside the peak.</summary>
        [Parameter("bytes32[]", "siblings", 5)]
        public List<byte[]> Siblings { get; set; } = [];

        /// <summary>Peaks.</summary>
        [Parameter("bytes32[]", "peaks", 6)]
        public List<byte[]> Peaks { get; set; } = [];

        /// <summary>The receipt's output tokens.</summary>
        [Parameter("uint32[]", "outputTokens", 7)]
        public List<uint> OutputTokens { get; set; } = [];
    }

    /// <summary><c>open(DisputeOpening) payable returns (bytes32)</c>.</summary>
    [Function("open", "bytes32")]
    public sealed class OpenFunction : FunctionMessage
    {
        /// <summary>The opening.</summary>
        [Parameter("tuple", "o", 1)]
        public OpeningTuple Opening { get; set; } = new();
    }

    /// <summary><c>bisect(bytes32 digest, bytes32 root)</c>.</summary>
    [Function("bisect")]
    public sealed class BisectFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>The prefix root at the midpoint.</summary>
        [Parameter("bytes32", "root", 2)]
        public byte[] Root { get; set; } = new byte[32];
    }

    /// <summary><c>respond(bytes32 digest, bool agree)</c>.</summary>
    [Function("respond")]
    public sealed class RespondFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Agree with the revealed root.</summary>
        [Parameter("bool", "agree", 2)]
        public bool Agree { get; set; }
    }

    /// <summary><c>revealLeaf(bytes32 digest, bytes32 leaf, bytes32[] peaks)</c>.</summary>
    [Function("revealLeaf")]
    public sealed class RevealLeafFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>The leaf.</summary>
        [Parameter("bytes32", "leaf", 2)]
        public byte[] Leaf { get; set; } = new byte[32];

        /// <summary>Peaks of the agreed prefix.</summary>
        [Parameter("bytes32[]", "peaks", 3)]
        public List<byte[]> Peaks { get; set; } = [];
    }

    /// <summary><c>commitFine(bytes32 digest, bytes32 fineRoot, bytes32 lastRoot, bytes32[] lastPeaks, bytes witness)</c>.</summary>
    [Function("commitFine")]
    public sealed class CommitFineFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Fine root over m leaves.</summary>
        [Parameter("bytes32", "fineRoot", 2)]
        public byte[] FineRoot { get; set; } = new byte[32];

        /// <summary>Root over m − 1 leaves.</summary>
        [Parameter("bytes32", "lastRoot", 3)]
        public byte[] LastRoot { get; set; } = new byte[32];

        /// <summary>Peaks over m − 1 leaves.</summary>
        [Parameter("bytes32[]", "lastPeaks", 4)]
        public List<byte[]> LastPeaks { get; set; } = [];

        /// <summary>fineLength witness.</summary>
        [Parameter("bytes", "witness", 5)]
        public byte[] Witness { get; set; } = [];
    }

    /// <summary><c>step(bytes32 digest, bytes witness)</c>.</summary>
    [Function("step")]
    public sealed class StepFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>One-step witness.</summary>
        [Parameter("bytes", "witness", 2)]
        public byte[] Witness { get; set; } = [];
    }

    /// <summary><c>proveTraceLength(bytes32 digest, bytes witness)</c>.</summary>
    [Function("proveTraceLength")]
    public sealed class ProveTraceLengthFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>expectedTraceLength witness.</summary>
        [Parameter("bytes", "witness", 2)]
        public byte[] Witness { get; set; } = [];
    }

    /// <summary><c>proveOutputAfterEos(bytes32 digest, bytes witness, uint32[] outputTokens)</c>.</summary>
    [Function("proveOutputAfterEos")]
    public sealed class ProveOutputAfterEosFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Opens the model config.</summary>
        [Parameter("bytes", "witness", 2)]
        public byte[] Witness { get; set; } = [];

        /// <summary>The receipt's output.</summary>
        [Parameter("uint32[]", "outputTokens", 3)]
        public List<uint> OutputTokens { get; set; } = [];
    }

    /// <summary><c>proveTokenMismatch(bytes32 digest, TokenMismatchProof p)</c>.</summary>
    [Function("proveTokenMismatch")]
    public sealed class ProveTokenMismatchFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>The proof.</summary>
        [Parameter("tuple", "p", 2)]
        public TokenMismatchTuple Proof { get; set; } = new();
    }

    /// <summary><c>timeout(bytes32 digest)</c>.</summary>
    [Function("timeout")]
    public sealed class TimeoutFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];
    }

    /// <summary><c>withdraw()</c>.</summary>
    [Function("withdraw")]
    public sealed class WithdrawFunction : FunctionMessage;

    /// <summary><c>setParameters(uint256 bond_, uint64 moveTimeout_, uint16 challengerRewardBps_)</c>.</summary>
    [Function("setParameters")]
    public sealed class SetParametersFunction : FunctionMessage
    {
        /// <summary>Bond in wei.</summary>
        [Parameter("uint256", "bond_", 1)]
        public BigInteger Bond { get; set; }

        /// <summary>Seconds per move.</summary>
        [Parameter("uint64", "moveTimeout_", 2)]
        public ulong MoveTimeout { get; set; }

        /// <summary>Basis points.</summary>
        [Parameter("uint16", "challengerRewardBps_", 3)]
        public ushort ChallengerRewardBps { get; set; }
    }

    /// <summary><c>bond() view returns (uint256)</c>.</summary>
    [Function("bond", "uint256")]
    public sealed class BondFunction : FunctionMessage;

    /// <summary><c>moveTimeout() view returns (uint64)</c>.</summary>
    [Function("moveTimeout", "uint64")]
    public sealed class MoveTimeoutFunction : FunctionMessage;

    /// <summary><c>challengerRewardBps() view returns (uint16)</c>.</summary>
    [Function("challengerRewardBps", "uint16")]
    public sealed class ChallengerRewardBpsFunction : FunctionMessage;

    /// <summary><c>totalBonded() view returns (uint256)</c>.</summary>
    [Function("totalBonded", "uint256")]
    public sealed class TotalBondedFunction : FunctionMessage;

    /// <summary><c>totalCredited() view returns (uint256)</c>.</summary>
    [Function("totalCredited", "uint256")]
    public sealed class TotalCreditedFunction : FunctionMessage;

    /// <summary><c>totalBurned() view returns (uint256)</c>.</summary>
    [Function("totalBurned", "uint256")]
    public sealed class TotalBurnedFunction : FunctionMessage;

    /// <summary><c>verifier() view returns (address)</c>.</summary>
    [Function("verifier", "address")]
    public sealed class VerifierFunction : FunctionMessage;

    /// <summary><c>credits(address) view returns (uint256)</c>.</summary>
    [Function("credits", "uint256")]
    public sealed class CreditsFunction : FunctionMessage
    {
        /// <summary>The account.</summary>
        [Parameter("address", "account", 1)]
        public string Account { get; set; } = "";
    }

    /// <summary><c>gameOf(bytes32) view returns (Game)</c>.</summary>
    [Function("gameOf", typeof(GameOfOutput))]
    public sealed class GameOfFunction : FunctionMessage
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = new byte[32];
    }

    /// <summary>Output of <see cref="GameOfFunction"/>.</summary>
    [FunctionOutput]
    public sealed class GameOfOutput : IFunctionOutputDTO
    {
        /// <summary>The game.</summary>
        [Parameter("tuple", "", 1)]
        public GameTuple Game { get; set; } = new();
    }

    /// <summary>ABI form of <c>Game</c>.</summary>
    public sealed class GameTuple
    {
        /// <summary>Challenger.</summary>
        [Parameter("address", "challenger", 1)]
        public string Challenger { get; set; } = "";

        /// <summary>Operator.</summary>
        [Parameter("address", "operator", 2)]
        public string Operator { get; set; } = "";

        /// <summary>Executor.</summary>
        [Parameter("address", "executor", 3)]
        public string Executor { get; set; } = "";

        /// <summary>traceLength.</summary>
        [Parameter("uint64", "traceLength", 4)]
        public ulong TraceLength { get; set; }

        /// <summary>moveTimeout.</summary>
        [Parameter("uint64", "moveTimeout", 5)]
        public ulong MoveTimeout { get; set; }

        /// <summary>challengerRewardBps.</summary>
        [Parameter("uint16", "challengerRewardBps", 6)]
        public ushort ChallengerRewardBps { get; set; }

        /// <summary>promptTokens.</summary>
        [Parameter("uint32", "promptTokens", 7)]
        public uint PromptTokens { get; set; }

        /// <summary>outputTokens.</summary>
        [Parameter("uint32", "outputTokens", 8)]
        public uint OutputTokens { get; set; }

        /// <summary>traceRoot.</summary>
        [Parameter("bytes32", "traceRoot", 9)]
        public byte[] TraceRoot { get; set; } = new byte[32];

        /// <summary>challengerRoot.</summary>
        [Parameter("bytes32", "challengerRoot", 10)]
        public byte[] ChallengerRoot { get; set; } = new byte[32];

        /// <summary>weightsRoot.</summary>
        [Parameter("bytes32", "weightsRoot", 11)]
        public byte[] WeightsRoot { get; set; } = new byte[32];

        /// <summary>paramsHash.</summary>
        [Parameter("bytes32", "paramsHash", 12)]
        public byte[] ParamsHash { get; set; } = new byte[32];

        /// <summary>outputHash.</summary>
        [Parameter("bytes32", "outputHash", 13)]
        public byte[] OutputHash { get; set; } = new byte[32];

        /// <summary>tokensHash.</summary>
        [Parameter("bytes32", "tokensHash", 14)]
        public byte[] TokensHash { get; set; } = new byte[32];

        /// <summary>bond.</summary>
        [Parameter("uint256", "bond", 15)]
        public BigInteger Bond { get; set; }

        /// <summary>phase.</summary>
        [Parameter("uint8", "phase", 16)]
        public byte Phase { get; set; }

        /// <summary>outcome.</summary>
        [Parameter("uint8", "outcome", 17)]
        public byte Outcome { get; set; }

        /// <summary>reason.</summary>
        [Parameter("uint8", "reason", 18)]
        public byte Reason { get; set; }

        /// <summary>deadline.</summary>
        [Parameter("uint64", "deadline", 19)]
        public ulong Deadline { get; set; }

        /// <summary>lo.</summary>
        [Parameter("uint64", "lo", 20)]
        public ulong Lo { get; set; }

        /// <summary>hi.</summary>
        [Parameter("uint64", "hi", 21)]
        public ulong Hi { get; set; }

        /// <summary>loRoot.</summary>
        [Parameter("bytes32", "loRoot", 22)]
        public byte[] LoRoot { get; set; } = new byte[32];

        /// <summary>hiRoot.</summary>
        [Parameter("bytes32", "hiRoot", 23)]
        public byte[] HiRoot { get; set; } = new byte[32];

        /// <summary>midRoot.</summary>
        [Parameter("bytes32", "midRoot", 24)]
        public byte[] MidRoot { get; set; } = new byte[32];

        /// <summary>coarseIndex.</summary>
        [Parameter("uint64", "coarseIndex", 25)]
        public ulong CoarseIndex { get; set; }

        /// <summary>coarsePrefixRoot.</summary>
        [Parameter("bytes32", "coarsePrefixRoot", 26)]
        public byte[] CoarsePrefixRoot { get; set; } = new byte[32];

        /// <summary>coarseLeaf.</summary>
        [Parameter("bytes32", "coarseLeaf", 27)]
        public byte[] CoarseLeaf { get; set; } = new byte[32];

        /// <summary>fineLength.</summary>
        [Parameter("uint64", "fineLength", 28)]
        public ulong FineLength { get; set; }

        /// <summary>fineRoot.</summary>
        [Parameter("bytes32", "fineRoot", 29)]
        public byte[] FineRoot { get; set; } = new byte[32];

        /// <summary>fineIndex.</summary>
        [Parameter("uint64", "fineIndex", 30)]
        public ulong FineIndex { get; set; }

        /// <summary>finePrefixRoot.</summary>
        [Parameter("bytes32", "finePrefixRoot", 31)]
        public byte[] FinePrefixRoot { get; set; } = new byte[32];

        /// <summary>fineLeaf.</summary>
        [Parameter("bytes32", "fineLeaf", 32)]
        public byte[] FineLeaf { get; set; } = new byte[32];
    }

    /// <summary><c>event DisputeOpened(bytes32 indexed digest, address indexed challenger, address indexed executor, address operator, bytes32 challengerRoot, uint32 promptTokens, uint32 outputTokens, bytes32 tokensHash, uint256 bond, uint64 moveTimeout, uint16 challengerRewardBps, uint64 deadline)</c>.</summary>
    [Event("DisputeOpened")]
    public sealed class DisputeOpenedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Challenger.</summary>
        [Parameter("address", "challenger", 2, true)]
        public string Challenger { get; set; } = "";

        /// <summary>Executor.</summary>
        [Parameter("address", "executor", 3, true)]
        public string Executor { get; set; } = "";

        /// <summary>Operator.</summary>
        [Parameter("address", "operator", 4, false)]
        public string Operator { get; set; } = "";

        /// <summary>Challenger's root.</summary>
        [Parameter("bytes32", "challengerRoot", 5, false)]
        public byte[] ChallengerRoot { get; set; } = new byte[32];

        /// <summary>n.</summary>
        [Parameter("uint32", "promptTokens", 6, false)]
        public uint PromptTokens { get; set; }

        /// <summary>g.</summary>
        [Parameter("uint32", "outputTokens", 7, false)]
        public uint OutputTokens { get; set; }

        /// <summary>Tokens hash.</summary>
        [Parameter("bytes32", "tokensHash", 8, false)]
        public byte[] TokensHash { get; set; } = new byte[32];

        /// <summary>Bond.</summary>
        [Parameter("uint256", "bond", 9, false)]
        public BigInteger Bond { get; set; }

        /// <summary>Timeout.</summary>
        [Parameter("uint64", "moveTimeout", 10, false)]
        public ulong MoveTimeout { get; set; }

        /// <summary>Reward share.</summary>
        [Parameter("uint16", "challengerRewardBps", 11, false)]
        public ushort ChallengerRewardBps { get; set; }

        /// <summary>First deadline.</summary>
        [Parameter("uint64", "deadline", 12, false)]
        public ulong Deadline { get; set; }
    }

    /// <summary><c>event Bisected(bytes32 indexed digest, uint8 phase, uint64 index, bytes32 root, uint64 deadline)</c>.</summary>
    [Event("Bisected")]
    public sealed class BisectedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Phase after.</summary>
        [Parameter("uint8", "phase", 2, false)]
        public byte Phase { get; set; }

        /// <summary>Midpoint.</summary>
        [Parameter("uint64", "index", 3, false)]
        public ulong Index { get; set; }

        /// <summary>Root.</summary>
        [Parameter("bytes32", "root", 4, false)]
        public byte[] Root { get; set; } = new byte[32];

        /// <summary>Deadline.</summary>
        [Parameter("uint64", "deadline", 5, false)]
        public ulong Deadline { get; set; }
    }

    /// <summary><c>event Responded(bytes32 indexed digest, uint8 phase, bool agree, uint64 lo, uint64 hi, uint64 deadline)</c>.</summary>
    [Event("Responded")]
    public sealed class RespondedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Phase after.</summary>
        [Parameter("uint8", "phase", 2, false)]
        public byte Phase { get; set; }

        /// <summary>Agreed.</summary>
        [Parameter("bool", "agree", 3, false)]
        public bool Agree { get; set; }

        /// <summary>lo.</summary>
        [Parameter("uint64", "lo", 4, false)]
        public ulong Lo { get; set; }

        /// <summary>hi.</summary>
        [Parameter("uint64", "hi", 5, false)]
        public ulong Hi { get; set; }

        /// <summary>Deadline.</summary>
        [Parameter("uint64", "deadline", 6, false)]
        public ulong Deadline { get; set; }
    }

    /// <summary><c>event LeafRevealed(bytes32 indexed digest, uint8 phase, uint64 index, bytes32 leaf, uint64 deadline)</c>.</summary>
    [Event("LeafRevealed")]
    public sealed class LeafRevealedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Phase before (CoarseLeaf or FineLeaf).</summary>
        [Parameter("uint8", "phase", 2, false)]
        public byte Phase { get; set; }

        /// <summary>Index.</summary>
        [Parameter("uint64", "index", 3, false)]
        public ulong Index { get; set; }

        /// <summary>Leaf.</summary>
        [Parameter("bytes32", "leaf", 4, false)]
        public byte[] Leaf { get; set; } = new byte[32];

        /// <summary>Deadline.</summary>
        [Parameter("uint64", "deadline", 5, false)]
        public ulong Deadline { get; set; }
    }

    /// <summary><c>event FineCommitted(bytes32 indexed digest, uint64 fineLength, bytes32 fineRoot, uint64 deadline)</c>.</summary>
    [Event("FineCommitted")]
    public sealed class FineCommittedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>m.</summary>
        [Parameter("uint64", "fineLength", 2, false)]
        public ulong FineLength { get; set; }

        /// <summary>Fine root.</summary>
        [Parameter("bytes32", "fineRoot", 3, false)]
        public byte[] FineRoot { get; set; } = new byte[32];

        /// <summary>Deadline.</summary>
        [Parameter("uint64", "deadline", 4, false)]
        public ulong Deadline { get; set; }
    }

    /// <summary><c>event DisputeResolved(bytes32 indexed digest, uint8 outcome, uint8 reason, uint256 slashed, uint256 reward, uint256 burned)</c>.</summary>
    [Event("DisputeResolved")]
    public sealed class DisputeResolvedEvent : IEventDTO
    {
        /// <summary>The game.</summary>
        [Parameter("bytes32", "digest", 1, true)]
        public byte[] Digest { get; set; } = new byte[32];

        /// <summary>Outcome.</summary>
        [Parameter("uint8", "outcome", 2, false)]
        public byte Outcome { get; set; }

        /// <summary>Reason.</summary>
        [Parameter("uint8", "reason", 3, false)]
        public byte Reason { get; set; }

        /// <summary>Slashed wei.</summary>
        [Parameter("uint256", "slashed", 4, false)]
        public BigInteger Slashed { get; set; }

        /// <summary>Reward wei.</summary>
        [Parameter("uint256", "reward", 5, false)]
        public BigInteger Reward { get; set; }

        /// <summary>Burned wei.</summary>
        [Parameter("uint256", "burned", 6, false)]
        public BigInteger Burned { get; set; }
    }

    /// <summary><c>event Withdrawn(address indexed account, uint256 amount)</c>.</summary>
    [Event("Withdrawn")]
    public sealed class WithdrawnEvent : IEventDTO
    {
        /// <summary>Account.</summary>
        [Parameter("address", "account", 1, true)]
        public string Account { get; set; } = "";

        /// <summary>Wei.</summary>
        [Parameter("uint256", "amount", 2, false)]
        public BigInteger Amount { get; set; }
    }
}
