using Otr.Attestation;

namespace Otr.Executor.Configuration;

/// <summary>Configuration of the executor (section <c>Executor</c>), validated at start.</summary>
public sealed class ExecutorOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Executor";

    /// <summary>Path of the <c>.q8</c> model file. Exactly one of this and <see cref="DemoSeed"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Seed of the bundled demo model (<c>DemoModelFactory.Create(seed)</c>). Exactly one of this and <see cref="ModelPath"/>.</summary>
    public int? DemoSeed { get; set; }

    /// <summary>
    /// The model name this executor serves and signs for (<c>modelId = keccak(utf8(name))</c>);
    /// requests must name it. Empty: the name stored in the model file.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>
    /// Optional pinned weights root (0x-hex). When set, the executor refuses to start if the loaded
    /// model's root differs — the same check it makes against the ModelRegistry when L1 is configured.
    /// </summary>
    public string? ExpectedWeightsRoot { get; set; }

    /// <summary>Chain id of the EIP-712 domain receipts are signed under.</summary>
    public ulong ChainId { get; set; } = 31337;

    /// <summary>Address of the OtrRollup contract, the EIP-712 verifying contract.</summary>
    public string? RollupAddress { get; set; }

    /// <summary>
    /// The TEE backend: <see cref="TeeKind.Simulated"/> (development), <see cref="TeeKind.IntelTdx"/> or
    /// <see cref="TeeKind.AmdSevSnp"/> (configfs-tsm in a confidential VM), <see cref="TeeKind.IntelSgx"/> (inside an SGX
    /// library OS with DCAP attestation, e.g. Gramine). A missing hardware interface, and <see cref="TeeKind.NvidiaGpu"/>
    /// (which attests only next to a CPU TEE), fail at start naming what is missing.
    /// </summary>
    public TeeKind Tee { get; set; } = TeeKind.Simulated;

    /// <summary>configfs-tsm settings for <see cref="TeeKind.IntelTdx"/> and <see cref="TeeKind.AmdSevSnp"/>.</summary>
    public TsmOptions Tsm { get; set; } = new();

    /// <summary>The SGX quoting path for <see cref="TeeKind.IntelSgx"/> (the executor running inside an SGX library OS).</summary>
    public SgxOptions Sgx { get; set; } = new();

    /// <summary>The attestation committee, when ExecutorRegistry's verifier is the committee verifier.</summary>
    public CommitteeClientOptions Committee { get; set; } = new();

    /// <summary>Options of the simulated TEE (dev root key, optional enclave key file).</summary>
    public SimulatedTeeOptions SimulatedTee { get; set; } = new();

    /// <summary>L1 connection; without an RPC URL the executor runs off-chain.</summary>
    public L1Options L1 { get; set; } = new();

    /// <summary>The inference engine (default ONNX Runtime).</summary>
    public EngineKind Engine { get; set; } = EngineKind.Onnx;

    /// <summary>Deliberate misbehaviour for tests and the devnet. <see cref="CheatMode.None"/> in any real deployment.</summary>
    public CheatMode Cheat { get; set; } = CheatMode.None;

    /// <summary>Upper bound on a request's <c>maxTokens</c> (also bounded by the model's context).</summary>
    public uint MaxTokensLimit { get; set; } = 4096;

    /// <summary>Upper bound on a request's prompt length in characters.</summary>
    public int MaxPromptChars { get; set; } = 65536;

    /// <summary>Largest <c>temperatureMilli</c> a request may ask for.</summary>
    public uint MaxTemperatureMilli { get; set; } = 10_000;
}
