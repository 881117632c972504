using System.Globalization;

namespace Otr.Operator.Scheduling;

/// <summary>Kinds of model sources.</summary>
public enum ModelSourceKind
{
    /// <summary>A path inside the executor image.</summary>
    File,

    /// <summary>A path on a PersistentVolumeClaim mounted read-only at <see cref="ParsedModelSource.PvcMountPath"/>.</summary>
    Pvc,

    /// <summary>The bundled demo model with a seed.</summary>
    Demo,
}

/// <summary>A parsed model source URI.</summary>
/// <param name="Kind">Source kind.</param>
/// <param name="Path">Model file path inside the executor container (File, Pvc).</param>
/// <param name="Claim">PVC name (Pvc).</param>
/// <param name="Seed">Demo seed (Demo).</param>
public sealed record ParsedModelSource(ModelSourceKind Kind, string? Path, string? Claim, int? Seed)
{
    /// <summary>Where a model PVC is mounted in executor pods.</summary>
    public const string PvcMountPath = "/models";

    /// <summary>Parses <c>file:///path</c>, <c>pvc://claim/path</c> or <c>demo://seed</c>; null with <paramref name="error"/> otherwise.</summary>
    public static ParsedModelSource? TryParse(string? uri, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(uri))
        {
            error = "spec.source.uri is empty";
            return null;
        }

        if (uri.StartsWith("file:///", StringComparison.Ordinal) && uri.Length > "file:///".Length)
            return new(ModelSourceKind.File, uri["file://".Length..], null, null);
        if (uri.StartsWith("pvc://", StringComparison.Ordinal))
        {
            var rest = uri["pvc://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && slash < rest.Length - 1)
                return new(ModelSourceKind.Pvc, PvcMountPath + "/" + rest[(slash + 1)..], rest[..slash], null);
            error = $"spec.source.uri '{uri}' must be pvc://<claim>/<path>";
            return null;
        }

        if (uri.StartsWith("demo://", StringComparison.Ordinal))
        {
            if (int.TryParse(uri.AsSpan("demo://".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                return new(ModelSourceKind.Demo, null, null, seed);
            error = $"spec.source.uri '{uri}' must be demo://<seed> with a decimal seed";
            return null;
        }

        error = $"spec.source.uri '{uri}' must start with file:///, pvc:// or demo://";
        return null;
    }
}
