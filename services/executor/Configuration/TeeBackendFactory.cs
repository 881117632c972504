using Otr.Attestation;
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
    /// <summary>The device and pseudo-files of an SGX enclave runtime that serves DCAP quotes to the code inside.</summary>
    internal static readonly string[] SgxQuotingPaths = ["/dev/attestation/user_report_data", "/dev/attestation/quote"];

    public static ITeeBackend Create(ExecutorOptions options, ILoggerFactory loggers) => options.Tee switch
    {
        TeeKind.Simulated => new SimulatedTee(options.SimulatedTee, loggers.CreateLogger<SimulatedTee>()),
        TeeKind.IntelTdx or TeeKind.AmdSevSnp => CreateConfigFs(options),
        TeeKind.IntelSgx => throw new ExecutorStartupException(SgxMissing(File.Exists)),
        TeeKind.NvidiaGpu => throw new ExecutorStartupException(
            $"{ExecutorOptions.SectionName}:Tee NvidiaGpu cannot attest on its own: a confidential GPU's SPDM evidence only counts next to the evidence of the CPU TEE "
            + "the driver runs in. Set Tee to AmdSevSnp or IntelTdx on the GPU node's confidential VM; GPU evidence collection (NVML/nvtrust SPDM reports) is not part of this executor"),
        _ => throw new ExecutorStartupException($"{ExecutorOptions.SectionName}:Tee '{options.Tee}' is not a TEE backend"),
    };

    /// <summary>The start-up error for SGX, naming the quoting-path files that are missing.</summary>
    internal static string SgxMissing(Func<string, bool> exists)
    {
        var missing = SgxQuotingPaths.Where(p => !exists(p)).ToList();
        return missing.Count > 0
            ? $"{ExecutorOptions.SectionName}:Tee IntelSgx needs the SGX quoting path inside the enclave, and {string.Join(" and ", missing)} "
              + $"{(missing.Count == 1 ? "is" : "are")} missing: the executor must run inside an SGX enclave runtime (e.g. Gramine with sgx.remote_attestation = \"dcap\") on a host with the DCAP quote provider and AESM"
            : $"{ExecutorOptions.SectionName}:Tee IntelSgx: the SGX quoting path exists, but the enclave key of this executor would live outside the enclave measured "
              + "by the quote unless the whole executor runs in it; this build does not run inside an SGX enclave runtime. Use IntelTdx or AmdSevSnp";
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
