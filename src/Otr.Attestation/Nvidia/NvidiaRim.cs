using System.Globalization;
using System.Xml;
using Otr.Attestation.Verification;

namespace Otr.Attestation.Nvidia;

/// <summary>
/// An NVIDIA Reference Integrity Manifest: an ISO/IEC 19770-2 SWID tag (XML) whose <c>Meta</c> names the version
/// (<c>colloquialVersion</c>: the driver version or the VBIOS version) and whose <c>Payload/Resource</c> elements
/// hold the golden measurements (<c>index</c>, <c>active</c>, <c>size</c>, <c>Hash0..HashN</c> in the
/// <c>xmlenc#sha384</c> namespace), signed with an enveloped XML-DSig (see <see cref="NvidiaRimSignature"/>).
/// </summary>
public sealed class NvidiaRim
{
    /// <summary>The SWID tag namespace.</summary>
    public const string SwidNamespace = "http://standards.iso.org/iso/19770/-2/2015/schema.xsd";

    /// <summary>The namespace of the <c>HashN</c> attributes.</summary>
    public const string Sha384Namespace = "http://www.w3.org/2001/04/xmlenc#sha384";

    private NvidiaRim(XmlDocument document, string tagId, string version, string? product, IReadOnlyList<RimMeasurement> measurements)
    {
        Document = document;
        TagId = tagId;
        Version = version;
        Product = product;
        Measurements = measurements;
    }

    /// <summary>The parsed document (whitespace preserved, as signed).</summary>
    public XmlDocument Document { get; }

    /// <summary>The SWID tag id.</summary>
    public string TagId { get; }

    /// <summary>The version the RIM is for (<c>Meta/@colloquialVersion</c>).</summary>
    public string Version { get; }

    /// <summary>The product (<c>Meta/@product</c>), for example <c>GH100</c>.</summary>
    public string? Product { get; }

    /// <summary>The reference measurements by index order.</summary>
    public IReadOnlyList<RimMeasurement> Measurements { get; }

    /// <summary>Parses a RIM (no DTDs, no external resolution).</summary>
    /// <param name="xml">The swidtag file's bytes.</param>
    /// <exception cref="AttestationRejectedException"><c>gpu-rim-malformed</c>.</exception>
    public static NvidiaRim Parse(byte[] xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw Malformed($"not well-formed XML ({e.Message})", e);
        }

        var root = document.DocumentElement;
        if (root is null || root.LocalName != "SoftwareIdentity" || root.NamespaceURI != SwidNamespace)
        {
            throw Malformed("the root element is not a SWID SoftwareIdentity");
        }

        var meta = Children(root, "Meta").FirstOrDefault() ?? throw Malformed("no Meta element");
        var version = meta.GetAttribute("colloquialVersion");
        if (version.Length == 0)
        {
            throw Malformed("Meta has no colloquialVersion");
        }

        var payload = Children(root, "Payload").FirstOrDefault() ?? throw Malformed("no Payload element");
        var measurements = new List<RimMeasurement>();
        foreach (var resource in Children(payload, "Resource"))
        {
            if (resource.GetAttribute("type") != "Measurement")
            {
                continue;
            }

            measurements.Add(ReadMeasurement(resource));
        }

        if (measurements.Count == 0)
        {
            throw Malformed("no Measurement resources");
        }

        if (measurements.GroupBy(m => m.Index).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Malformed($"measurement index {duplicate.Key} appears twice");
        }

        var product = meta.GetAttribute("product");
        return new NvidiaRim(document, root.GetAttribute("tagId"), version, product.Length == 0 ? null : product, measurements);
    }

    private static RimMeasurement ReadMeasurement(XmlElement resource)
    {
        var name = resource.GetAttribute("name");
        if (!int.TryParse(resource.GetAttribute("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            !int.TryParse(resource.GetAttribute("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
            !int.TryParse(resource.GetAttribute("alternatives"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ||
            index > 255 || size is < 1 or > 64 || count is < 1 or > 64)
        {
            throw Malformed($"measurement '{name}' has no valid index, size or alternatives count");
        }

        var active = resource.GetAttribute("active");
        if (active is not ("True" or "False"))
        {
            throw Malformed($"measurement {index} has active='{active}', not True or False");
        }

        var alternatives = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var hex = resource.GetAttribute($"Hash{i}", Sha384Namespace);
            byte[] value;
            try
            {
                value = Convert.FromHexString(hex);
            }
            catch (FormatException e)
            {
                throw Malformed($"measurement {index} Hash{i} is not hexadecimal", e);
            }

            if (value.Length != size)
            {
                throw Malformed($"measurement {index} Hash{i} has {value.Length} bytes, size says {size}");
            }

            alternatives.Add(value);
        }

        return new RimMeasurement(index, name, active == "True", size, alternatives);
    }

    private static IEnumerable<XmlElement> Children(XmlElement parent, string localName) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == SwidNamespace);

    private static AttestationRejectedException Malformed(string message, Exception? inner = null) =>
        new(NvidiaReasons.RimMalformed, $"RIM: {message}", inner);
}
