using Otr.Attestation;
using Otr.Attestation.Sgx;
using Otr.Attestation.Tsm;
using Otr.Attestation.Verification;
using Otr.Executor.Hosting;

namespace Otr.Executor.Configuration;

/// <summary>
/// Creates the TEE backend <c>Executor:Tee</c> names. The enclave key is generated inside it. A backend whose hardware
/// interface is missing fails here, at start, with a message that says exactly what is missing.
/// </summary>
internal static class TeeBackendFactory
{
    public static ITeeBackend Create(ExecutorOptions options, ILoggerFactory loggers) => options.Tee switch
    {
        TeeKind.Simulated => new SimulatedTee(options.SimulatedTee, loggers.CreateLogger<SimulatedTee>()),
        TeeKind.IntelTdx or TeeKind.AmdSevSnp => CreateConfigFs(options),
        TeeKind.IntelSgx => CreateSgx(options),
        TeeKind.NvidiaGpu => throw new ExecutorStartupException(
            $"{ExecutorOptions.SectionName}:Tee NvidiaGpu cannot attest on its own: a confidential GPU's SPDM evidence only counts next to the evidence of the CPU TEE "
            + "the driver runs in. Set Tee to AmdSevSnp or IntelTdx on the GPU node's confidential VM; GPU evidence collection (NVML/nvtrust SPDM reports) is not part of this executor"),
        _ => throw new ExecutorStartupException($"{ExecutorOptions.SectionName}:Tee '{options.Tee}' is not a TEE backend"),
    };

    private static GramineSgxTeeBackend CreateSgx(ExecutorOptions options)
    {
        try
        {
            return new GramineSgxTeeBackend(options.Sgx.Root);
        }
        catch (AttestationRejectedException e)
        {
            throw new ExecutorStartupException($"{ExecutorOptions.SectionName}:Tee IntelSgx: {e.Message} ({ExecutorOptions.SectionName}:Sgx:Root = {options.Sgx.Root})", e);
        }
    }

    private static ConfigFsTeeBackend CreateConfigFs(ExecutorOptions options)
    {
        ConfigFsTeeBackend backend;
        try
        {
            backend = new ConfigFsTeeBackend(options.Tsm.Root);
        }
        catch (AttestationRejectedException e)
        {
            throw new ExecutorStartupException($"{ExecutorOptions.SectionName}:Tee {options.Tee}: {e.Message} ({ExecutorOptions.SectionName}:Tsm:Root = {options.Tsm.Root})", e);
        }

        if (backend.Kind != options.Tee)
        {
            var actual = backend.Kind;
            backend.Dispose();
            throw new ExecutorStartupException($"{ExecutorOptions.SectionName}:Tee is {options.Tee}, but configfs-tsm at {options.Tsm.Root} serves {actual} reports");
        }

        return backend;
    }
}
