using System.Text.RegularExpressions;
using Otr.Operator.Entities;

namespace Otr.Operator.Scheduling;

/// <summary>
/// Pure checks of an InferenceModel spec beyond what the CRD schema enforces (the API server already
/// rejects most bad specs; this catches what a schema cannot say and specs written before a stricter schema).
/// </summary>
public static partial class ModelSpecChecker
{
    /// <summary>Every problem of <paramref name="spec"/>, each naming the field; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(InferenceModelSpec spec, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (spec.Source is null)
            errors.Add("spec.source is required");
        else
        {
            if (ParsedModelSource.TryParse(spec.Source.Uri, out var error) is null)
                errors.Add(error!);
            if (spec.Source.Digest is null || !DigestPattern().IsMatch(spec.Source.Digest))
                errors.Add($"spec.source.digest '{spec.Source.Digest}' must be sha256: followed by 64 lowercase hex digits");
        }

        if (spec.WeightsRoot is null || !RootPattern().IsMatch(spec.WeightsRoot))
            errors.Add($"spec.weightsRoot '{spec.WeightsRoot}' must be 0x followed by 64 lowercase hex digits");
        if (spec.PoolRef is null == spec.Tee is null)
            errors.Add("exactly one of spec.poolRef and spec.tee must be set");
        if (spec.Replicas is < 0 or > 64)
            errors.Add($"spec.replicas {spec.Replicas} must be between 0 and 64");
        if (spec.Tee?.Gpu is { Count: < 1 })
            errors.Add("spec.tee.gpu.count must be at least 1");
        if (string.IsNullOrWhiteSpace(spec.Executor?.Image) && string.IsNullOrWhiteSpace(options.ExecutorImage))
            errors.Add("spec.executor.image is required because the operator has no default (Operator:ExecutorImage)");
        if (spec.OperatorKeySecretRef is null || string.IsNullOrEmpty(spec.OperatorKeySecretRef.Name) || string.IsNullOrEmpty(spec.OperatorKeySecretRef.Key))
            errors.Add("spec.operatorKeySecretRef.name and .key are required");
        if (spec.SpotCheckBasisPoints is < 0 or > 10_000)
            errors.Add($"spec.spotCheckBasisPoints {spec.SpotCheckBasisPoints} must be between 0 and 10000");
        return errors;
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex("^0x[0-9a-f]{64}$")]
    private static partial Regex RootPattern();
}
