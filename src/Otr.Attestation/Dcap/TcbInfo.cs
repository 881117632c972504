using System.Text.Json;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Dcap;

/// <summary>One TCB level of a TCB info: the minimum SVNs it stands for, and the status a platform at or above it has.</summary>
/// <param name="SgxComponents">The 16 SGX TCB component SVNs.</param>
/// <param name="PceSvn">The PCESVN.</param>
/// <param name="TdxComponents">The 16 TDX TCB component SVNs (TDX TCB info only; empty for SGX).</param>
/// <param name="TcbDate">tcbDate.</param>
/// <param name="Status">tcbStatus.</param>
/// <param name="Advisories">advisoryIDs.</param>
public sealed record TcbLevel(IReadOnlyList<int> SgxComponents, int PceSvn, IReadOnlyList<int> TdxComponents, DateTimeOffset TcbDate, string Status, IReadOnlyList<string> Advisories);

/// <summary>An ISVSVN-keyed TCB level (QE identity and TDX module identity levels).</summary>
/// <param name="IsvSvn">The minimum ISVSVN.</param>
/// <param name="TcbDate">tcbDate.</param>
/// <param name="Status">tcbStatus.</param>
/// <param name="Advisories">advisoryIDs.</param>
public sealed record IsvSvnTcbLevel(int IsvSvn, DateTimeOffset TcbDate, string Status, IReadOnlyList<string> Advisories);

/// <summary>A TDX module identity (the default <c>tdxModule</c> or a <c>tdxModuleIdentities</c> entry).</summary>
/// <param name="Id">Identifier, e.g. <c>TDX_01</c> (empty for the default module).</param>
/// <param name="MrSigner">Expected MRSIGNERSEAM (48 bytes).</param>
/// <param name="Attributes">Expected SEAMATTRIBUTES (8 bytes).</param>
/// <param name="AttributesMask">Mask applied to SEAMATTRIBUTES (8 bytes).</param>
/// <param name="TcbLevels">ISVSVN levels (empty for the default module).</param>
public sealed record TdxModuleIdentity(string Id, byte[] MrSigner, byte[] Attributes, byte[] AttributesMask, IReadOnlyList<IsvSvnTcbLevel> TcbLevels);

/// <summary>
/// Intel PCS TCB info (v2 SGX, v3 SGX or TDX), parsed from the exact bytes its signature covers.
/// </summary>
public sealed class TcbInfo
{
    private const string Reason = DcapReasons.TcbInfoInvalid;
    private const string What = "TCB info";

    private TcbInfo()
    {
    }

    /// <summary><c>SGX</c> or <c>TDX</c> (v2 has no id and is SGX).</summary>
    public string Id { get; private init; } = "";

    /// <summary>The TCB info version (2 or 3).</summary>
    public int Version { get; private init; }

    /// <summary>issueDate.</summary>
    public DateTimeOffset IssueDate { get; private init; }

    /// <summary>nextUpdate.</summary>
    public DateTimeOffset NextUpdate { get; private init; }

    /// <summary>FMSPC (6 bytes).</summary>
    public byte[] Fmspc { get; private init; } = [];

    /// <summary>PCE id (2 bytes).</summary>
    public byte[] PceId { get; private init; } = [];

    /// <summary>tcbEvaluationDataNumber.</summary>
    public int TcbEvaluationDataNumber { get; private init; }

    /// <summary>The default TDX module identity (TDX only).</summary>
    public TdxModuleIdentity? TdxModule { get; private init; }

    /// <summary>The TDX module identities by version (TDX only).</summary>
    public IReadOnlyList<TdxModuleIdentity> TdxModuleIdentities { get; private init; } = [];

    /// <summary>The TCB levels, highest first (as Intel orders them).</summary>
    public IReadOnlyList<TcbLevel> TcbLevels { get; private init; } = [];

    /// <summary>Parses the tcbInfo value.</summary>
    /// <param name="body">The exact bytes of the tcbInfo JSON object.</param>
    public static TcbInfo Parse(byte[] body)
    {
        using var document = DcapJson.Parse(body, Reason, What);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AttestationRejectedException(Reason, "TCB info is not a JSON object.");
        }

        var version = DcapJson.Int(root, "version", Reason, What);
        if (version is not (2 or 3))
        {
            throw new AttestationRejectedException(DcapReasons.TcbInfoMismatch, $"TCB info version {version} is not supported (2 or 3).");
        }

        var id = version == 2 ? "SGX" : DcapJson.String(root, "id", Reason, What);
        if (id is not ("SGX" or "TDX"))
        {
            throw new AttestationRejectedException(DcapReasons.TcbInfoMismatch, $"TCB info id '{id}' is neither SGX nor TDX.");
        }

        var levels = new List<TcbLevel>();
        foreach (var level in DcapJson.Required(root, "tcbLevels", JsonValueKind.Array, Reason, What).EnumerateArray())
        {
            var tcb = DcapJson.Required(level, "tcb", JsonValueKind.Object, Reason, "TCB level");
            IReadOnlyList<int> sgx, tdx = [];
            if (version == 2)
            {
                var components = new int[16];
                for (var i = 0; i < 16; i++)
                {
                    components[i] = Svn(DcapJson.Int(tcb, $"sgxtcbcomp{i + 1:00}svn", Reason, "TCB level"));
                }

                sgx = components;
            }
            else
            {
                sgx = Components(tcb, "sgxtcbcomponents");
                if (id == "TDX")
                {
                    tdx = Components(tcb, "tdxtcbcomponents");
                }
            }

            levels.Add(new TcbLevel(
                sgx,
                DcapJson.Int(tcb, "pcesvn", Reason, "TCB level"),
                tdx,
                DcapJson.Date(level, "tcbDate", Reason, "TCB level"),
                DcapJson.String(level, "tcbStatus", Reason, "TCB level"),
                DcapJson.Advisories(level, Reason, "TCB level")));
        }

        TdxModuleIdentity? module = null;
        var identities = new List<TdxModuleIdentity>();
        if (id == "TDX")
        {
            if (root.TryGetProperty("tdxModule", out var moduleJson))
            {
                module = Module(moduleJson, withLevels: false);
            }

            if (root.TryGetProperty("tdxModuleIdentities", out var identitiesJson))
            {
                if (identitiesJson.ValueKind != JsonValueKind.Array)
                {
                    throw new AttestationRejectedException(Reason, "TCB info: 'tdxModuleIdentities' is not an array.");
                }

                identities.AddRange(identitiesJson.EnumerateArray().Select(i => Module(i, withLevels: true)));
            }
        }

        return new TcbInfo
        {
            Id = id,
            Version = version,
            IssueDate = DcapJson.Date(root, "issueDate", Reason, What),
            NextUpdate = DcapJson.Date(root, "nextUpdate", Reason, What),
            Fmspc = DcapJson.HexField(root, "fmspc", 6, Reason, What),
            PceId = DcapJson.HexField(root, "pceId", 2, Reason, What),
            TcbEvaluationDataNumber = root.TryGetProperty("tcbEvaluationDataNumber", out _) ? DcapJson.Int(root, "tcbEvaluationDataNumber", Reason, What) : 0,
            TdxModule = module,
            TdxModuleIdentities = identities,
            TcbLevels = levels,
        };
    }

    private static int Svn(int value) =>
        value <= 255 ? value : throw new AttestationRejectedException(Reason, $"TCB info: component SVN {value} is larger than a byte.");

    private static int[] Components(JsonElement tcb, string name)
    {
        var array = DcapJson.Required(tcb, name, JsonValueKind.Array, Reason, "TCB level");
        if (array.GetArrayLength() != 16)
        {
            throw new AttestationRejectedException(Reason, $"TCB level: '{name}' has {array.GetArrayLength()} entries, expected 16.");
        }

        return [.. array.EnumerateArray().Select(c => Svn(DcapJson.Int(c, "svn", Reason, name)))];
    }

    private static TdxModuleIdentity Module(JsonElement json, bool withLevels)
    {
        const string what = "TDX module identity";
        var levels = new List<IsvSvnTcbLevel>();
        if (withLevels)
        {
            levels.AddRange(IsvSvnLevels(json, Reason, what));
        }

        return new TdxModuleIdentity(
            withLevels ? DcapJson.String(json, "id", Reason, what) : "",
            DcapJson.HexField(json, "mrsigner", 48, Reason, what),
            DcapJson.HexField(json, "attributes", 8, Reason, what),
            DcapJson.HexField(json, "attributesMask", 8, Reason, what),
            levels);
    }

    internal static IEnumerable<IsvSvnTcbLevel> IsvSvnLevels(JsonElement json, string reason, string what)
    {
        foreach (var level in DcapJson.Required(json, "tcbLevels", JsonValueKind.Array, reason, what).EnumerateArray())
        {
            var tcb = DcapJson.Required(level, "tcb", JsonValueKind.Object, reason, what);
            yield return new IsvSvnTcbLevel(
                DcapJson.Int(tcb, "isvsvn", reason, what),
                DcapJson.Date(level, "tcbDate", reason, what),
                DcapJson.String(level, "tcbStatus", reason, what),
                DcapJson.Advisories(level, reason, what));
        }
    }
}

/// <summary>Intel PCS enclave identity of the quoting enclave (<c>QE</c> for SGX, <c>TD_QE</c> for TDX).</summary>
public sealed class QeIdentity
{
    private const string Reason = DcapReasons.QeIdentityInvalid;
    private const string What = "QE identity";

    private QeIdentity()
    {
    }

    /// <summary><c>QE</c>, <c>TD_QE</c> (or <c>QVE</c>, which this verifier does not accept for a quote).</summary>
    public string Id { get; private init; } = "";

    /// <summary>The identity version (2).</summary>
    public int Version { get; private init; }

    /// <summary>issueDate.</summary>
    public DateTimeOffset IssueDate { get; private init; }

    /// <summary>nextUpdate.</summary>
    public DateTimeOffset NextUpdate { get; private init; }

    /// <summary>tcbEvaluationDataNumber.</summary>
    public int TcbEvaluationDataNumber { get; private init; }

    /// <summary>Expected MISCSELECT under <see cref="MiscSelectMask"/>.</summary>
    public uint MiscSelect { get; private init; }

    /// <summary>MISCSELECT mask.</summary>
    public uint MiscSelectMask { get; private init; }

    /// <summary>Expected ATTRIBUTES under <see cref="AttributesMask"/> (16 bytes).</summary>
    public byte[] Attributes { get; private init; } = [];

    /// <summary>ATTRIBUTES mask (16 bytes).</summary>
    public byte[] AttributesMask { get; private init; } = [];

    /// <summary>Expected MRSIGNER (32 bytes).</summary>
    public byte[] MrSigner { get; private init; } = [];

    /// <summary>Expected ISVPRODID.</summary>
    public int IsvProdId { get; private init; }

    /// <summary>QE TCB levels by ISVSVN, highest first.</summary>
    public IReadOnlyList<IsvSvnTcbLevel> TcbLevels { get; private init; } = [];

    /// <summary>Parses the enclaveIdentity value.</summary>
    /// <param name="body">The exact bytes of the enclaveIdentity JSON object.</param>
    public static QeIdentity Parse(byte[] body)
    {
        using var document = DcapJson.Parse(body, Reason, What);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AttestationRejectedException(Reason, "QE identity is not a JSON object.");
        }

        return new QeIdentity
        {
            Id = DcapJson.String(root, "id", Reason, What),
            Version = DcapJson.Int(root, "version", Reason, What),
            IssueDate = DcapJson.Date(root, "issueDate", Reason, What),
            NextUpdate = DcapJson.Date(root, "nextUpdate", Reason, What),
            TcbEvaluationDataNumber = root.TryGetProperty("tcbEvaluationDataNumber", out _) ? DcapJson.Int(root, "tcbEvaluationDataNumber", Reason, What) : 0,
            MiscSelect = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(DcapJson.HexField(root, "miscselect", 4, Reason, What)),
            MiscSelectMask = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(DcapJson.HexField(root, "miscselectMask", 4, Reason, What)),
            Attributes = DcapJson.HexField(root, "attributes", 16, Reason, What),
            AttributesMask = DcapJson.HexField(root, "attributesMask", 16, Reason, What),
            MrSigner = DcapJson.HexField(root, "mrsigner", 32, Reason, What),
            IsvProdId = DcapJson.Int(root, "isvprodid", Reason, What),
            TcbLevels = [.. TcbInfo.IsvSvnLevels(root, Reason, What)],
        };
    }
}
