using System.Text.Json.Nodes;

namespace Otr.Chart.Tests;

/// <summary>
/// The "restricted" Pod Security Standard (Kubernetes v1.28+) as a pure function over a pod spec, plus the
/// chart's own hardening (read-only root filesystem, no service-account token unless needed).
/// </summary>
internal static class RestrictedPodSecurity
{
    private static readonly HashSet<string> AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    /// <summary>Every violation of the restricted profile in <paramref name="podSpec"/>; empty when it complies.</summary>
    public static List<string> Violations(JsonNode podSpec)
    {
        var errors = new List<string>();
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (podSpec[field] is { } v && (bool)v)
                errors.Add($"spec.{field} must not be true");
        }

        foreach (var volume in (podSpec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var source = volume.Select(p => p.Key).Where(k => k != "name").ToList();
            if (source.Count != 1 || !AllowedVolumeSources.Contains(source[0]))
                errors.Add($"volume '{volume["name"]}' uses {string.Join(",", source)}; restricted allows {string.Join(", ", AllowedVolumeSources.Order())}");
        }

        var pod = podSpec["securityContext"];
        var podNonRoot = pod?["runAsNonRoot"] is { } pnr && (bool)pnr;
        if (pod?["runAsNonRoot"] is { } pnrFalse && !(bool)pnrFalse)
            errors.Add("spec.securityContext.runAsNonRoot must not be false");
        if (pod?["runAsUser"] is { } pu && Json.Long(pu) == 0)
            errors.Add("spec.securityContext.runAsUser must not be 0");
        var podSeccomp = (string?)pod?["seccompProfile"]?["type"];
        if (podSeccomp is not null && podSeccomp is not ("RuntimeDefault" or "Localhost"))
            errors.Add($"spec.securityContext.seccompProfile.type '{podSeccomp}' must be RuntimeDefault or Localhost");

        foreach (var (path, container) in Containers(podSpec))
        {
            var sc = container["securityContext"];
            if (sc?["privileged"] is { } priv && (bool)priv)
                errors.Add($"{path}: privileged must not be true");
            if (sc?["allowPrivilegeEscalation"] is not { } ape || (bool)ape)
                errors.Add($"{path}: allowPrivilegeEscalation must be false");
            var nonRoot = sc?["runAsNonRoot"];
            if (nonRoot is not null && !(bool)nonRoot)
                errors.Add($"{path}: runAsNonRoot must not be false");
            if (nonRoot is null && !podNonRoot)
                errors.Add($"{path}: runAsNonRoot must be true (on the container or the pod)");
            if (sc?["runAsUser"] is { } u && Json.Long(u) == 0)
                errors.Add($"{path}: runAsUser must not be 0");
            var seccomp = (string?)sc?["seccompProfile"]?["type"];
            if (seccomp is null && podSeccomp is null)
                errors.Add($"{path}: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
            else if (seccomp is not null && seccomp is not ("RuntimeDefault" or "Localhost"))
                errors.Add($"{path}: seccompProfile.type '{seccomp}' must be RuntimeDefault or Localhost");
            var drop = (sc?["capabilities"]?["drop"] as JsonArray)?.Select(c => c!.ToString()).ToList() ?? [];
            if (!drop.Contains("ALL"))
                errors.Add($"{path}: capabilities.drop must include ALL");
            foreach (var add in (sc?["capabilities"]?["add"] as JsonArray ?? []).Select(c => c!.ToString()))
            {
                if (add != "NET_BIND_SERVICE")
                    errors.Add($"{path}: capabilities.add may only hold NET_BIND_SERVICE, not {add}");
            }

            foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (port["hostPort"] is { } hp && Json.Long(hp) != 0)
                    errors.Add($"{path}: hostPort {hp} is not allowed");
            }
        }

        return errors;
    }

    /// <summary>The chart's hardening beyond the profile: read-only root filesystem with a writable /tmp.</summary>
    public static List<string> HardeningViolations(JsonNode podSpec)
    {
        var errors = new List<string>();
        var volumes = (podSpec["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(v => (string)v["name"]!, v => v, StringComparer.Ordinal);
        foreach (var (path, container) in Containers(podSpec))
        {
            if (container["securityContext"]?["readOnlyRootFilesystem"] is not { } ro || !(bool)ro)
                errors.Add($"{path}: readOnlyRootFilesystem must be true");
            var tmp = (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(m => (string?)m["mountPath"] == "/tmp");
            if (tmp is null)
                errors.Add($"{path}: no writable /tmp mount (the root filesystem is read-only)");
            else if (!volumes.TryGetValue((string)tmp["name"]!, out var v) || v["emptyDir"] is null)
                errors.Add($"{path}: /tmp must be an emptyDir volume");
        }

        return errors;
    }

    public static IEnumerable<(string Path, JsonObject Container)> Containers(JsonNode podSpec)
    {
        foreach (var kind in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var container in (podSpec[kind] as JsonArray ?? []).OfType<JsonObject>())
                yield return ($"{kind}[{container["name"]}]", container);
        }
    }
}
