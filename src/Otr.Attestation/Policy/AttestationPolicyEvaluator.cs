using Otr.Attestation.Verification;

namespace Otr.Attestation.Policy;

/// <summary>
/// Applies an <see cref="AttestationPolicy"/> to verified evidence and checks that the evidence binds the expected
/// report data (enclave key, weights root, registration nonce). Pure: the caller supplies the time.
/// </summary>
public static class AttestationPolicyEvaluator
{
    /// <summary>Reason codes of policy rejections.</summary>
    public static class Reasons
    {
        /// <summary>The TEE technology is not allowed by the policy.</summary>
        public const string KindNotAllowed = "policy-tee-kind-not-allowed";

        /// <summary>The simulated TEE under a policy that refuses it.</summary>
        public const string SimulatedRefused = "policy-simulated-refused";

        /// <summary>No allowed measurement set matches.</summary>
        public const string MeasurementNotAllowed = "policy-measurement-not-allowed";

        /// <summary>The platform's TCB status is not accepted.</summary>
        public const string TcbStatusNotAccepted = "policy-tcb-status-not-accepted";

        /// <summary>The platform's TCB level is below the policy's minimum.</summary>
        public const string TcbBelowMinimum = "policy-tcb-below-minimum";

        /// <summary>The TEE runs with debugging enabled.</summary>
        public const string DebugRefused = "policy-debug-refused";

        /// <summary>The verification is older than the policy allows, or dated in the future.</summary>
        public const string EvidenceStale = "policy-evidence-stale";

        /// <summary>The report data does not bind the enclave key, weights root and nonce expected.</summary>
        public const string ReportDataMismatch = "report-data-mismatch";
    }

    /// <summary>Throws <see cref="AttestationRejectedException"/> with the first failing rule's reason; returns normally when the evidence passes.</summary>
    /// <param name="evidence">What the hardware verifier established.</param>
    /// <param name="policy">The policy of the model the executor registers for.</param>
    /// <param name="expected">The report data the evidence must bind.</param>
    /// <param name="now">The current time (for freshness).</param>
    public static void Enforce(VerifiedEvidence evidence, AttestationPolicy policy, ReportData expected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(expected);
        if (evidence.Kind == TeeKind.Simulated && !policy.AllowSimulated)
        {
            throw new AttestationRejectedException(Reasons.SimulatedRefused, "the simulated TEE proves nothing about hardware and this policy refuses it");
        }

        if (!policy.AllowedKinds.Contains(evidence.Kind))
        {
            throw new AttestationRejectedException(Reasons.KindNotAllowed, $"TEE technology {evidence.Kind} is not allowed (allowed: {string.Join(", ", policy.AllowedKinds.Order())})");
        }

        CheckReportData(evidence, expected);

        if (evidence.Debug && !policy.AllowDebug)
        {
            throw new AttestationRejectedException(Reasons.DebugRefused, $"the {evidence.Kind} TEE runs with debugging enabled, so its memory is not confidential");
        }

        // A status may carry detail after ';' (SEV-SNP: "NoMinimumConfigured; reported_tcb …"); its first word is compared.
        var status = evidence.TcbStatus.Split(';', 2)[0].Trim();
        if (!policy.AcceptAnyTcbStatus && !policy.AcceptedTcbStatuses.Contains(status))
        {
            throw new AttestationRejectedException(
                Reasons.TcbStatusNotAccepted,
                $"TCB status {evidence.TcbStatus} is not accepted (accepted: {string.Join(", ", policy.AcceptedTcbStatuses.Order(StringComparer.Ordinal))})"
                    + (evidence.Advisories.Count > 0 ? $"; advisories {string.Join(", ", evidence.Advisories)}" : ""));
        }

        if (policy.MinimumTcbLevel is { } minimum && (evidence.TcbLevel is not { } level || level < minimum))
        {
            throw new AttestationRejectedException(
                Reasons.TcbBelowMinimum,
                evidence.TcbLevel is { } l
                    ? $"{evidence.Kind} TCB level {l} is below the policy's minimum {minimum} ({TcbLevelMeaning(evidence.Kind)})"
                    : $"{evidence.Kind} evidence has no TCB level, but the policy requires at least {minimum}");
        }

        if (!policy.AcceptAnyMeasurement && !policy.AllowedMeasurements.Any(rule => Matches(rule, evidence.Measurements)))
        {
            var shown = string.Join(", ", evidence.Measurements.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
            throw new AttestationRejectedException(Reasons.MeasurementNotAllowed, $"no allowed measurement set matches the evidence ({shown})");
        }

        if (policy.MaxEvidenceAge != TimeSpan.MaxValue)
        {
            var age = now - evidence.VerifiedAt;
            if (age < -TimeSpan.FromMinutes(5) || age > policy.MaxEvidenceAge)
            {
                throw new AttestationRejectedException(
                    Reasons.EvidenceStale,
                    $"evidence verified at {evidence.VerifiedAt:O} is {(age < TimeSpan.Zero ? "dated in the future" : $"{age.TotalMinutes:F0} min old")} (allowed: {policy.MaxEvidenceAge.TotalMinutes:F0} min)");
            }
        }
    }

    /// <summary>True when every register the rule names has the rule's value in <paramref name="measurements"/>.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> rule, IReadOnlyDictionary<string, string> measurements)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(measurements);
        return rule.Count > 0 && rule.All(r => measurements.TryGetValue(r.Key, out var value) && string.Equals(Normalize(value), Normalize(r.Value), StringComparison.Ordinal));
    }

    private static string TcbLevelMeaning(TeeKind kind) => kind switch
    {
        TeeKind.IntelTdx or TeeKind.IntelSgx => "Intel TCB evaluation data number",
        TeeKind.AmdSevSnp => "SNP firmware SVN",
        _ => "TCB level",
    };

    private static string Normalize(string hex) => (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToLowerInvariant();

    private static void CheckReportData(VerifiedEvidence evidence, ReportData expected)
    {
        // TDX, SGX and SEV-SNP sign 64 bytes of report data; an SPDM GPU report signs a 32-byte nonce, which OTR sets to
        // the first 32 bytes of the same value.
        var want = expected.ToBytes();
        var length = evidence.Kind == TeeKind.NvidiaGpu ? 32 : ReportData.Length;
        if (evidence.ReportData.Length != length || !evidence.ReportData.AsSpan().SequenceEqual(want.AsSpan(0, length)))
        {
            throw new AttestationRejectedException(
                Reasons.ReportDataMismatch,
                $"report data {Convert.ToHexStringLower(evidence.ReportData)} does not bind enclave key {expected.EnclaveAddress}, weights root {expected.WeightsRoot} and nonce {expected.RegistrationNonce} (expected {Convert.ToHexStringLower(want.AsSpan(0, length))})");
        }
    }
}
