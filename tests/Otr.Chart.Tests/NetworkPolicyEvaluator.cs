using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// One end of a connection: a pod (namespace, its labels and the labels of its namespace, named container
/// ports) or an address outside the cluster (<see cref="Ip"/>, no namespace).
/// </summary>
internal sealed record Endpoint(
    string? Namespace,
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    IPAddress? Ip,
    IReadOnlyDictionary<string, int> NamedPorts)
{
    public static Endpoint Pod(string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, int>? namedPorts = null) =>
        new(ns, labels, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = ns }, null, namedPorts ?? new Dictionary<string, int>());

    public static Endpoint External(string ip) =>
        new(null, new Dictionary<string, string>(), new Dictionary<string, string>(), IPAddress.Parse(ip), new Dictionary<string, int>());

    public bool IsPod => Namespace is not null;
}

/// <summary>
/// The Kubernetes NetworkPolicy decision (networking.k8s.io/v1) for one TCP/UDP connection, as a pure function:
/// a connection is allowed when the source's egress and the destination's ingress both allow it. A pod no
/// policy selects for a direction is open in that direction; a selected pod accepts only what some rule of
/// some selecting policy allows. Supported: podSelector, namespaceSelector, ipBlock (IPv4, matched against
/// endpoints outside the cluster), numeric and named ports, endPort.
/// </summary>
internal static class NetworkPolicyEvaluator
{
    public static bool Allowed(IEnumerable<JsonObject> policies, Endpoint from, Endpoint to, int port, string protocol = "TCP")
    {
        var list = policies.ToList();
        return (!from.IsPod || DirectionAllows(list, from, to, port, protocol, egress: true))
            && (!to.IsPod || DirectionAllows(list, to, from, port, protocol, egress: false));
    }

    /// <summary>Whether the policies that select <paramref name="subject"/> for the direction allow the connection with <paramref name="peer"/>.</summary>
    private static bool DirectionAllows(List<JsonObject> policies, Endpoint subject, Endpoint peer, int port, string protocol, bool egress)
    {
        var direction = egress ? "Egress" : "Ingress";
        var selecting = policies.Where(p => (string?)p["metadata"]?["namespace"] == subject.Namespace
            && LabelSelector.Matches(p["spec"]?["podSelector"], subject.PodLabels)
            && PolicyTypes(p).Contains(direction)).ToList();
        if (selecting.Count == 0)
            return true;
        // Named ports refer to the destination pod's container ports.
        var destination = egress ? peer : subject;
        foreach (var policy in selecting)
        {
            var ns = (string)policy["metadata"]!["namespace"]!;
            if (policy["spec"]?[egress ? "egress" : "ingress"] is not JsonArray rules)
                continue;
            foreach (var rule in rules.OfType<JsonObject>())
            {
                if (PortsMatch(rule["ports"] as JsonArray, destination, port, protocol)
                    && PeersMatch(rule[egress ? "to" : "from"] as JsonArray, ns, peer))
                    return true;
            }
        }

        return false;
    }

    private static HashSet<string> PolicyTypes(JsonObject policy)
    {
        if (policy["spec"]?["policyTypes"] is JsonArray types)
            return types.Select(t => t!.ToString()).ToHashSet(StringComparer.Ordinal);
        var set = new HashSet<string>(StringComparer.Ordinal) { "Ingress" };
        if (policy["spec"]?["egress"] is not null)
            set.Add("Egress");
        return set;
    }

    private static bool PortsMatch(JsonArray? ports, Endpoint destination, int port, string protocol)
    {
        if (ports is null || ports.Count == 0)
            return true;
        foreach (var spec in ports.OfType<JsonObject>())
        {
            if (((string?)spec["protocol"] ?? "TCP") != protocol)
                continue;
            var value = spec["port"];
            if (value is null)
                return true;
            if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                var start = Json.Long(value);
                var end = spec["endPort"] is { } e ? Json.Long(e) : start;
                if (port >= start && port <= end)
                    return true;
            }
            else if (destination.NamedPorts.TryGetValue(value.ToString(), out var named) && named == port)
            {
                return true;
            }
        }

        return false;
    }

    private static bool PeersMatch(JsonArray? peers, string policyNamespace, Endpoint peer)
    {
        if (peers is null || peers.Count == 0)
            return true;
        return peers.OfType<JsonObject>().Any(p => PeerMatches(p, policyNamespace, peer));
    }

    private static bool PeerMatches(JsonObject peer, string policyNamespace, Endpoint endpoint)
    {
        if (peer["ipBlock"] is JsonObject block)
        {
            if (endpoint.IsPod || endpoint.Ip is null)
                return false;
            var excluded = (block["except"] as JsonArray)?.Any(c => InCidr(endpoint.Ip, c!.ToString())) ?? false;
            return InCidr(endpoint.Ip, (string)block["cidr"]!) && !excluded;
        }

        if (!endpoint.IsPod)
            return false;
        var podSelector = peer["podSelector"];
        var namespaceSelector = peer["namespaceSelector"];
        var namespaceOk = namespaceSelector is null
            ? endpoint.Namespace == policyNamespace
            : LabelSelector.Matches(namespaceSelector, endpoint.NamespaceLabels);
        var podOk = podSelector is null || LabelSelector.Matches(podSelector, endpoint.PodLabels);
        return namespaceOk && podOk;
    }

    /// <summary>Whether an IPv4 address lies in a CIDR block such as 10.0.0.0/8.</summary>
    public static bool InCidr(IPAddress ip, string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            throw new FormatException($"'{cidr}' is not a CIDR block");
        var network = IPAddress.Parse(cidr[..slash]);
        var bits = int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (network.AddressFamily != AddressFamily.InterNetwork || ip.AddressFamily != AddressFamily.InterNetwork)
            return false;
        if (bits is < 0 or > 32)
            throw new FormatException($"'{cidr}' has a prefix length outside 0..32");
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (ToUInt(ip) & mask) == (ToUInt(network) & mask);
    }

    private static uint ToUInt(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }
}
