using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>
/// Intel's TCB status rules as pure functions (after Intel's Quote Verification Library, TcbLevelCheck and
/// TdxModuleCheck): level selection, status convergence and the TD relaunch rule.
/// </summary>
public static class DcapTcbEvaluation
{
    /// <summary>Every TCB status a TCB info level may carry.</summary>
    public static readonly IReadOnlySet<string> PlatformStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked",
    };

    /// <summary>TEE_TCB_SVN index of the TDX module minor SVN.</summary>
    public const int TdxModuleMinorIndex = 0;

    /// <summary>TEE_TCB_SVN index of the TDX module major version.</summary>
    public const int TdxModuleMajorIndex = 1;

    /// <summary>
    /// The first level (Intel orders them highest first) whose SGX components and PCESVN are all at most the
    /// platform's, and, for TDX, whose TDX components are at most TEE_TCB_SVN's — from index 2 when the TDX module
    /// major version (byte 1) is above 0, because bytes 0 and 1 are then rated by the module identity. Null: none.
    /// </summary>
    /// <param name="levels">The TCB info levels.</param>
    /// <param name="sgxComponents">The PCK certificate's 16 SGX TCB component SVNs.</param>
    /// <param name="pceSvn">The PCK certificate's PCESVN.</param>
    /// <param name="teeTcbSvn">TEE_TCB_SVN for TDX (16 bytes); empty for SGX.</param>
    public static TcbLevel? FindPlatformLevel(IReadOnlyList<TcbLevel> levels, IReadOnlyList<int> sgxComponents, int pceSvn, ReadOnlySpan<byte> teeTcbSvn)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(sgxComponents);
        var tdx = !teeTcbSvn.IsEmpty;
        var start = tdx && teeTcbSvn[TdxModuleMajorIndex] > 0 ? 2 : 0;
        foreach (var level in levels)
        {
            if (pceSvn < level.PceSvn || !AllAtLeast(sgxComponents, level.SgxComponents, 0))
            {
                continue;
            }

            if (tdx && (level.TdxComponents.Count != teeTcbSvn.Length || !AllAtLeast(teeTcbSvn, level.TdxComponents, start)))
            {
                continue;
            }

            return level;
        }

        return null;
    }

    /// <summary>The first level whose ISVSVN is at most <paramref name="isvSvn"/>; null when none is.</summary>
    /// <param name="levels">QE identity or TDX module levels, highest first.</param>
    /// <param name="isvSvn">The enclave's or module's ISVSVN.</param>
    public static IsvSvnTcbLevel? FindIsvSvnLevel(IReadOnlyList<IsvSvnTcbLevel> levels, int isvSvn)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.FirstOrDefault(l => isvSvn >= l.IsvSvn);
    }

    /// <summary>
    /// Intel's status convergence: the platform status, except that an OutOfDate component (QE, TDX module) turns
    /// UpToDate or SWHardeningNeeded into OutOfDate and ConfigurationNeeded or ConfigurationAndSWHardeningNeeded into
    /// OutOfDateConfigurationNeeded, and a Revoked component makes the result Revoked.
    /// </summary>
    /// <param name="platform">The platform TCB level status.</param>
    /// <param name="components">Component statuses.</param>
    public static string Converge(string platform, IEnumerable<string> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var list = components.ToList();
        var status = platform;
        if (list.Contains("OutOfDate") || list.Contains("OutOfDateConfigurationNeeded"))
        {
            status = platform switch
            {
                "UpToDate" or "SWHardeningNeeded" => "OutOfDate",
                "ConfigurationNeeded" or "ConfigurationAndSWHardeningNeeded" => "OutOfDateConfigurationNeeded",
                _ => platform,
            };
        }

        return list.Contains("Revoked") ? "Revoked" : status;
    }

    /// <summary>
    /// Intel's TD relaunch rule for TDX 1.5: when the TCB the TD launched under (TEE_TCB_SVN) is out of date but the
    /// module running now (TEE_TCB_SVN2) is not, relaunching the TD would bring it up to date.
    /// </summary>
    /// <param name="launch">Status evaluated with TEE_TCB_SVN.</param>
    /// <param name="current">Status evaluated with TEE_TCB_SVN2.</param>
    public static string CheckForRelaunch(string launch, string current)
    {
        if (launch is "OutOfDate" or "OutOfDateConfigurationNeeded"
            && current is "UpToDate" or "SWHardeningNeeded" or "ConfigurationNeeded" or "ConfigurationAndSWHardeningNeeded")
        {
            var configuration = launch == "OutOfDateConfigurationNeeded" || current is "ConfigurationNeeded" or "ConfigurationAndSWHardeningNeeded";
            return configuration ? "TDRelaunchAdvisedConfigurationNeeded" : "TDRelaunchAdvised";
        }

        return launch;
    }

    /// <summary>
    /// The whole TCB evaluation for one TEE_TCB_SVN (empty for SGX): platform level, TDX module level, QE level,
    /// converged. Throws <see cref="DcapReasons.TcbLevelNotFound"/> or <see cref="DcapReasons.TdxModuleMismatch"/>
    /// when a level or module identity is missing.
    /// </summary>
    /// <param name="tcbInfo">The TCB info.</param>
    /// <param name="pck">The PCK certificate's SGX extensions.</param>
    /// <param name="teeTcbSvn">TEE_TCB_SVN (TDX) or empty (SGX).</param>
    /// <param name="qe">The QE identity level the QE report matched.</param>
    public static DcapTcbStatus Evaluate(TcbInfo tcbInfo, PckExtensions pck, ReadOnlySpan<byte> teeTcbSvn, IsvSvnTcbLevel qe)
    {
        ArgumentNullException.ThrowIfNull(tcbInfo);
        ArgumentNullException.ThrowIfNull(pck);
        ArgumentNullException.ThrowIfNull(qe);
        var platform = FindPlatformLevel(tcbInfo.TcbLevels, pck.TcbComponents, pck.PceSvn, teeTcbSvn)
            ?? throw new AttestationRejectedException(
                DcapReasons.TcbLevelNotFound,
                $"No {tcbInfo.Id} TCB level matches the platform (SGX components [{string.Join(",", pck.TcbComponents)}], PCESVN {pck.PceSvn}"
                + (teeTcbSvn.IsEmpty ? "" : $", TEE_TCB_SVN {Convert.ToHexStringLower(teeTcbSvn)}") + "): TCB not supported.");
        RequireKnown(platform.Status, "TCB level");
        RequireKnown(qe.Status, "QE identity level");

        var components = new List<string>();
        var advisories = new SortedSet<string>(platform.Advisories, StringComparer.Ordinal);
        string? moduleStatus = null;
        if (!teeTcbSvn.IsEmpty && teeTcbSvn[TdxModuleMajorIndex] > 0)
        {
            var identity = FindModuleIdentity(tcbInfo, teeTcbSvn[TdxModuleMajorIndex]);
            var level = FindIsvSvnLevel(identity.TcbLevels, teeTcbSvn[TdxModuleMinorIndex])
                ?? throw new AttestationRejectedException(
                    DcapReasons.TcbLevelNotFound,
                    $"No level of TDX module identity {identity.Id} covers module SVN {teeTcbSvn[TdxModuleMinorIndex]}: TDX module TCB not supported.");
            RequireKnown(level.Status, "TDX module level");
            moduleStatus = level.Status;
            components.Add(level.Status);
            advisories.UnionWith(level.Advisories);
        }

        components.Add(qe.Status);
        advisories.UnionWith(qe.Advisories);
        return new DcapTcbStatus(Converge(platform.Status, components), platform.Status, moduleStatus, qe.Status, platform.TcbDate, [.. advisories]);
    }

    /// <summary>The module identity <c>TDX_&lt;major as two hex digits&gt;</c>; throws <see cref="DcapReasons.TdxModuleMismatch"/> when absent.</summary>
    /// <param name="tcbInfo">A TDX TCB info.</param>
    /// <param name="major">TEE_TCB_SVN byte 1.</param>
    public static TdxModuleIdentity FindModuleIdentity(TcbInfo tcbInfo, byte major)
    {
        ArgumentNullException.ThrowIfNull(tcbInfo);
        var id = $"TDX_{major:X2}";
        return tcbInfo.TdxModuleIdentities.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new AttestationRejectedException(DcapReasons.TdxModuleMismatch, $"The TCB info has no TDX module identity {id} for TDX module major version {major}.");
    }

    private static bool AllAtLeast(IReadOnlyList<int> actual, IReadOnlyList<int> required, int start)
    {
        if (actual.Count < required.Count)
        {
            return false;
        }

        for (var i = start; i < required.Count; i++)
        {
            if (actual[i] < required[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllAtLeast(ReadOnlySpan<byte> actual, IReadOnlyList<int> required, int start)
    {
        for (var i = start; i < required.Count; i++)
        {
            if (actual[i] < required[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireKnown(string status, string what)
    {
        if (!PlatformStatuses.Contains(status))
        {
            throw new AttestationRejectedException(DcapReasons.TcbInfoInvalid, $"Unknown {what} status '{status}'.");
        }
    }
}

/// <summary>The outcome of a TCB evaluation.</summary>
/// <param name="Status">The converged status (what <see cref="VerifiedEvidence.TcbStatus"/> reports).</param>
/// <param name="PlatformStatus">The status of the matching TCB info level.</param>
/// <param name="TdxModuleStatus">The TDX module identity level status, when one was evaluated.</param>
/// <param name="QeStatus">The QE identity level status.</param>
/// <param name="TcbDate">tcbDate of the matching platform level.</param>
/// <param name="Advisories">Advisory ids of every level that contributed, sorted, without duplicates.</param>
public sealed record DcapTcbStatus(string Status, string PlatformStatus, string? TdxModuleStatus, string QeStatus, DateTimeOffset TcbDate, IReadOnlyList<string> Advisories);
