using System.Globalization;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Tsm;

/// <summary>
/// Collects a hardware attestation report through the Linux configfs-tsm interface
/// (<c>/sys/kernel/config/tsm/report</c>, kernel 6.7+), which serves Intel TDX quotes (provider <c>tdx_guest</c>) and
/// AMD SEV-SNP reports (provider <c>sev_guest</c>, with the VCEK/VLEK chain in <c>auxblob</c>) through one ABI:
/// create a report entry (mkdir), write the 64 bytes of report data to <c>inblob</c>, read <c>outblob</c> (the kernel
/// generates the report on read), and compare <c>generation</c> before and after so a concurrent writer to the same
/// entry is detected instead of returning someone else's report. Each call uses its own entry and removes it.
/// </summary>
public sealed class ConfigFsTsm
{
    /// <summary>The configfs-tsm report directory of a Linux guest.</summary>
    public const string DefaultRoot = "/sys/kernel/config/tsm/report";

    /// <summary>Reason code when the interface is missing, refuses the request, or races.</summary>
    public const string UnavailableReason = "tsm-unavailable";

    private const int MaxAttempts = 3;
    private readonly ITsmFileSystem _fs;
    private readonly string _root;

    /// <summary>Uses the real configfs under <paramref name="root"/>.</summary>
    public ConfigFsTsm(string root = DefaultRoot)
        : this(new PhysicalTsmFileSystem(), root)
    {
    }

    internal ConfigFsTsm(ITsmFileSystem fileSystem, string root)
    {
        _fs = fileSystem;
        _root = root;
    }

    /// <summary>True when the configfs-tsm report directory exists (a TDX or SEV-SNP guest with the interface).</summary>
    public bool IsAvailable => _fs.DirectoryExists(_root);

    /// <summary>Generates a report over <paramref name="reportData"/> (exactly 64 bytes).</summary>
    /// <param name="reportData">The report data the hardware signs.</param>
    /// <param name="privilegeLevel">SEV-SNP VMPL to request (null: the kernel's default); ignored by TDX.</param>
    /// <exception cref="AttestationRejectedException">With reason <see cref="UnavailableReason"/> when the interface is missing, fails, or keeps racing.</exception>
    public TsmReport GetReport(ReadOnlySpan<byte> reportData, int? privilegeLevel = null)
    {
        if (reportData.Length != ReportData.Length)
        {
            throw new ArgumentException($"report data must be exactly {ReportData.Length} bytes, got {reportData.Length}", nameof(reportData));
        }

        if (!IsAvailable)
        {
            throw new AttestationRejectedException(UnavailableReason, $"configfs-tsm is not available ({_root} does not exist): not a TDX/SEV-SNP guest, or configfs is not mounted");
        }

        var entry = Path.Combine(_root, "otr-" + Guid.NewGuid().ToString("N"));
        try
        {
            _fs.CreateDirectory(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttestationRejectedException(UnavailableReason, $"cannot create the configfs-tsm report entry {entry}: {e.Message}", e);
        }

        try
        {
            var data = reportData.ToArray();
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (privilegeLevel is { } level)
                {
                    _fs.WriteAllBytes(Path.Combine(entry, "privlevel"), System.Text.Encoding.ASCII.GetBytes(level.ToString(CultureInfo.InvariantCulture)));
                }

                _fs.WriteAllBytes(Path.Combine(entry, "inblob"), data);
                var before = ReadGeneration(entry);
                var outblob = _fs.ReadAllBytes(Path.Combine(entry, "outblob"));
                var auxPath = Path.Combine(entry, "auxblob");
                var auxblob = _fs.FileExists(auxPath) ? _fs.ReadAllBytes(auxPath) : [];
                var after = ReadGeneration(entry);
                if (before == after)
                {
                    var provider = System.Text.Encoding.ASCII.GetString(_fs.ReadAllBytes(Path.Combine(entry, "provider"))).Trim();
                    return new TsmReport(provider, outblob, auxblob, after);
                }
            }

            throw new AttestationRejectedException(UnavailableReason, $"configfs-tsm entry {entry} was rewritten by another writer {MaxAttempts} times in a row");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new AttestationRejectedException(UnavailableReason, $"configfs-tsm report generation failed in {entry}: {e.Message}", e);
        }
        finally
        {
            try
            {
                _fs.DeleteDirectory(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // configfs entries are tiny; a leftover one is harmless and the kernel frees it when the guest stops.
            }
        }
    }

    private long ReadGeneration(string entry) =>
        long.Parse(System.Text.Encoding.ASCII.GetString(_fs.ReadAllBytes(Path.Combine(entry, "generation"))).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
