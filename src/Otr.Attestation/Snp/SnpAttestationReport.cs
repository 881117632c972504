using System.Buffers.Binary;
using System.Globalization;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Snp;

/// <summary>
/// An AMD SEV-SNP ATTESTATION_REPORT (SEV-SNP ABI specification, 1184 bytes, versions 2 to 5), parsed field by
/// field. All integers are little-endian. The signature (at 0x2A0) is ECDSA P-384 over bytes [0, 0x2A0) with r and
/// s stored as 72-byte little-endian values. Parsing checks lengths, version, signature algorithm and signing key;
/// it proves nothing about authenticity (that is <see cref="SnpVerifier"/>'s job).
/// </summary>
public sealed record SnpAttestationReport
{
    /// <summary>Length of the report in bytes.</summary>
    public const int Length = 0x4A0;

    /// <summary>Number of leading bytes the signature covers.</summary>
    public const int SignedLength = 0x2A0;

    /// <summary>Lowest report version understood.</summary>
    public const uint MinimumVersion = 2;

    /// <summary>Highest report version understood.</summary>
    public const uint MaximumVersion = 5;

    /// <summary>POLICY bit 19: the guest may be debugged by the hypervisor (its memory is not confidential).</summary>
    public const int PolicyDebugBit = 19;

    /// <summary>POLICY bit 18: a migration agent may be associated with the guest.</summary>
    public const int PolicyMigrateMaBit = 18;

    /// <summary>POLICY bit 16: SMT may be enabled.</summary>
    public const int PolicySmtBit = 16;

    /// <summary>POLICY bit 20: the guest may run on a single socket only.</summary>
    public const int PolicySingleSocketBit = 20;

    /// <summary>The only SIGNATURE_ALGO defined: ECDSA P-384 with SHA-384.</summary>
    public const uint EcdsaP384Sha384 = 1;

    private const int ComponentLength = 72;
    private const int P384Length = 48;

    /// <summary>The whole report as received (1184 bytes).</summary>
    public required byte[] Raw { get; init; }

    /// <summary>VERSION (2 to 5).</summary>
    public required uint Version { get; init; }

    /// <summary>GUEST_SVN.</summary>
    public required uint GuestSvn { get; init; }

    /// <summary>POLICY (ABI minor/major, SMT, MIGRATE_MA, DEBUG, SINGLE_SOCKET, ...).</summary>
    public required ulong Policy { get; init; }

    /// <summary>FAMILY_ID (16 bytes, from the ID block).</summary>
    public required byte[] FamilyId { get; init; }

    /// <summary>IMAGE_ID (16 bytes, from the ID block).</summary>
    public required byte[] ImageId { get; init; }

    /// <summary>VMPL the report was requested from.</summary>
    public required uint Vmpl { get; init; }

    /// <summary>SIGNATURE_ALGO (1 = ECDSA P-384 SHA-384).</summary>
    public required uint SignatureAlgorithm { get; init; }

    /// <summary>CURRENT_TCB, raw.</summary>
    public required ulong CurrentTcbRaw { get; init; }

    /// <summary>PLATFORM_INFO (SMT enabled, TSME enabled, ECC, RAPL disabled, ciphertext hiding, ...).</summary>
    public required ulong PlatformInfo { get; init; }

    /// <summary>The 32-bit word at 0x48: AUTHOR_KEY_EN (bit 0), MASK_CHIP_ID (bit 1), SIGNING_KEY (bits 4:2).</summary>
    public required uint KeyInfo { get; init; }

    /// <summary>REPORT_DATA: the 64 bytes the guest asked to be signed.</summary>
    public required byte[] ReportData { get; init; }

    /// <summary>MEASUREMENT: the 48-byte launch digest.</summary>
    public required byte[] Measurement { get; init; }

    /// <summary>HOST_DATA: 32 bytes chosen by the host at launch.</summary>
    public required byte[] HostData { get; init; }

    /// <summary>ID_KEY_DIGEST: SHA-384 of the ID key that signed the ID block (zero without ID block).</summary>
    public required byte[] IdKeyDigest { get; init; }

    /// <summary>AUTHOR_KEY_DIGEST: SHA-384 of the author key (zero unless AUTHOR_KEY_EN).</summary>
    public required byte[] AuthorKeyDigest { get; init; }

    /// <summary>REPORT_ID of the guest.</summary>
    public required byte[] ReportId { get; init; }

    /// <summary>REPORT_ID of the guest's migration agent.</summary>
    public required byte[] ReportIdMa { get; init; }

    /// <summary>REPORTED_TCB, raw: the TCB the VCEK that signed this report was derived from.</summary>
    public required ulong ReportedTcbRaw { get; init; }

    /// <summary>CPUID family (version 3 and later; 0 before).</summary>
    public required byte CpuidFamily { get; init; }

    /// <summary>CPUID model (version 3 and later; 0 before).</summary>
    public required byte CpuidModel { get; init; }

    /// <summary>CPUID stepping (version 3 and later; 0 before).</summary>
    public required byte CpuidStepping { get; init; }

    /// <summary>CHIP_ID (64 bytes; zero when masked or signed with a VLEK).</summary>
    public required byte[] ChipId { get; init; }

    /// <summary>COMMITTED_TCB, raw.</summary>
    public required ulong CommittedTcbRaw { get; init; }

    /// <summary>Current firmware build, minor and major (CURRENT_BUILD/MINOR/MAJOR).</summary>
    public required (byte Build, byte Minor, byte Major) CurrentVersion { get; init; }

    /// <summary>Committed firmware build, minor and major.</summary>
    public required (byte Build, byte Minor, byte Major) CommittedVersion { get; init; }

    /// <summary>LAUNCH_TCB, raw.</summary>
    public required ulong LaunchTcbRaw { get; init; }

    /// <summary>LAUNCH_MIT_VECTOR (version 5 and later; 0 before).</summary>
    public required ulong LaunchMitigationVector { get; init; }

    /// <summary>CURRENT_MIT_VECTOR (version 5 and later; 0 before).</summary>
    public required ulong CurrentMitigationVector { get; init; }

    /// <summary>The signature as IEEE P1363 (r ‖ s, 48 big-endian bytes each).</summary>
    public required byte[] SignatureP1363 { get; init; }

    /// <summary>True when POLICY's DEBUG bit is set.</summary>
    public bool Debug => (Policy & (1UL << PolicyDebugBit)) != 0;

    /// <summary>True when the guest was launched with an author key (AUTHOR_KEY_EN).</summary>
    public bool AuthorKeyEnabled => (KeyInfo & 1) != 0;

    /// <summary>True when the firmware was told to zero CHIP_ID (MASK_CHIP_ID).</summary>
    public bool ChipIdMasked => (KeyInfo & 2) != 0;

    /// <summary>Which key signed the report.</summary>
    public SnpSigningKey SigningKey => (SnpSigningKey)((KeyInfo >> 2) & 7);

    /// <summary>The bytes the signature covers.</summary>
    public ReadOnlySpan<byte> SignedBytes => Raw.AsSpan(0, SignedLength);

    /// <summary>The product the CPUID fields name (version 3 and later), or null when they are absent or unknown.</summary>
    public SnpProduct? CpuidProduct => (CpuidFamily, CpuidModel) switch
    {
        (0x19, <= 0x0F) when Version >= 3 => SnpProduct.Milan,
        (0x19, >= 0x10 and <= 0x1F) or (0x19, >= 0xA0 and <= 0xAF) when Version >= 3 => SnpProduct.Genoa,
        (0x1A, _) when Version >= 3 => SnpProduct.Turin,
        _ => null,
    };

    /// <summary>REPORTED_TCB decoded in the product's layout.</summary>
    /// <param name="product">The product.</param>
    public SnpTcbVersion ReportedTcb(SnpProduct product) => SnpTcbVersion.Decode(ReportedTcbRaw, product);

    /// <summary>CURRENT_TCB decoded in the product's layout.</summary>
    /// <param name="product">The product.</param>
    public SnpTcbVersion CurrentTcb(SnpProduct product) => SnpTcbVersion.Decode(CurrentTcbRaw, product);

    /// <summary>COMMITTED_TCB decoded in the product's layout.</summary>
    /// <param name="product">The product.</param>
    public SnpTcbVersion CommittedTcb(SnpProduct product) => SnpTcbVersion.Decode(CommittedTcbRaw, product);

    /// <summary>LAUNCH_TCB decoded in the product's layout.</summary>
    /// <param name="product">The product.</param>
    public SnpTcbVersion LaunchTcb(SnpProduct product) => SnpTcbVersion.Decode(LaunchTcbRaw, product);

    /// <summary>Parses a raw report.</summary>
    /// <param name="report">Exactly 1184 bytes.</param>
    /// <exception cref="AttestationRejectedException">
    /// <c>snp-report-truncated</c>, <c>snp-report-oversized</c>, <c>snp-report-version-unsupported</c>,
    /// <c>snp-signature-algorithm-unsupported</c>, <c>snp-signing-key-unsupported</c>.
    /// </exception>
    public static SnpAttestationReport Parse(ReadOnlySpan<byte> report)
    {
        if (report.Length < Length)
        {
            throw new AttestationRejectedException(SnpReasons.ReportTruncated,
                string.Create(CultureInfo.InvariantCulture, $"SEV-SNP report is {report.Length} bytes, needs {Length}"));
        }

        if (report.Length > Length)
        {
            throw new AttestationRejectedException(SnpReasons.ReportOversized,
                string.Create(CultureInfo.InvariantCulture, $"SEV-SNP report is {report.Length} bytes, expected exactly {Length}"));
        }

        var version = U32(report, 0x00);
        if (version is < MinimumVersion or > MaximumVersion)
        {
            throw new AttestationRejectedException(SnpReasons.ReportVersionUnsupported,
                string.Create(CultureInfo.InvariantCulture, $"SEV-SNP report version {version} is not supported (2 to 5 are)"));
        }

        var algorithm = U32(report, 0x34);
        if (algorithm != EcdsaP384Sha384)
        {
            throw new AttestationRejectedException(SnpReasons.SignatureAlgorithmUnsupported,
                string.Create(CultureInfo.InvariantCulture, $"SEV-SNP report signature algorithm {algorithm} is not ECDSA P-384 SHA-384 (1)"));
        }

        var keyInfo = U32(report, 0x48);
        var signingKey = (keyInfo >> 2) & 7;
        if (signingKey is not ((uint)SnpSigningKey.Vcek or (uint)SnpSigningKey.Vlek))
        {
            throw new AttestationRejectedException(SnpReasons.SigningKeyUnsupported,
                string.Create(CultureInfo.InvariantCulture, $"SEV-SNP report signing key {signingKey} is neither VCEK (0) nor VLEK (1)"));
        }

        var hasCpuid = version >= 3;
        var hasMitigations = version >= 5;
        return new SnpAttestationReport
        {
            Raw = report.ToArray(),
            Version = version,
            GuestSvn = U32(report, 0x04),
            Policy = U64(report, 0x08),
            FamilyId = report.Slice(0x10, 16).ToArray(),
            ImageId = report.Slice(0x20, 16).ToArray(),
            Vmpl = U32(report, 0x30),
            SignatureAlgorithm = algorithm,
            CurrentTcbRaw = U64(report, 0x38),
            PlatformInfo = U64(report, 0x40),
            KeyInfo = keyInfo,
            ReportData = report.Slice(0x50, 64).ToArray(),
            Measurement = report.Slice(0x90, 48).ToArray(),
            HostData = report.Slice(0xC0, 32).ToArray(),
            IdKeyDigest = report.Slice(0xE0, 48).ToArray(),
            AuthorKeyDigest = report.Slice(0x110, 48).ToArray(),
            ReportId = report.Slice(0x140, 32).ToArray(),
            ReportIdMa = report.Slice(0x160, 32).ToArray(),
            ReportedTcbRaw = U64(report, 0x180),
            CpuidFamily = hasCpuid ? report[0x188] : (byte)0,
            CpuidModel = hasCpuid ? report[0x189] : (byte)0,
            CpuidStepping = hasCpuid ? report[0x18A] : (byte)0,
            ChipId = report.Slice(0x1A0, 64).ToArray(),
            CommittedTcbRaw = U64(report, 0x1E0),
            CurrentVersion = (report[0x1E8], report[0x1E9], report[0x1EA]),
            CommittedVersion = (report[0x1EC], report[0x1ED], report[0x1EE]),
            LaunchTcbRaw = U64(report, 0x1F0),
            LaunchMitigationVector = hasMitigations ? U64(report, 0x1F8) : 0,
            CurrentMitigationVector = hasMitigations ? U64(report, 0x200) : 0,
            SignatureP1363 = ToP1363(report.Slice(SignedLength, 2 * ComponentLength)),
        };
    }

    /// <summary>
    /// r and s are 72-byte little-endian fields; a P-384 value fits in the low 48 bytes. Bytes above must be
    /// zero; when they are not, the result is an all-zero signature, which never verifies.
    /// </summary>
    private static byte[] ToP1363(ReadOnlySpan<byte> signature)
    {
        var result = new byte[2 * P384Length];
        for (var c = 0; c < 2; c++)
        {
            var component = signature.Slice(c * ComponentLength, ComponentLength);
            if (component[P384Length..].ContainsAnyExcept((byte)0))
            {
                return new byte[2 * P384Length];
            }

            for (var i = 0; i < P384Length; i++)
            {
                result[(c * P384Length) + i] = component[P384Length - 1 - i];
            }
        }

        return result;
    }

    private static uint U32(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]);

    private static ulong U64(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);
}
