using System.Text;
using Otr.Attestation;
using Otr.Attestation.Policy;
using Otr.Operator.Controllers;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

/// <summary>The pool's CRD attestation block as the committee's per-model policy: every field, every bad value named.</summary>
public sealed class AttestationPolicyMapperTests
{
    private const string Root = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly string Hex48 = new('c', 96);
    private static readonly string Hex32 = new('d', 64);

    private static Entities.AttestationPolicy Block(params string[] measurements) => new() { AllowedMeasurements = [.. measurements], MinimumTcb = "17", Freshness = "30m" };

    private static IReadOnlyList<string> Errors(TeeTechnology tee, Entities.AttestationPolicy? block, string root = Root)
    {
        Assert.Null(AttestationPolicyMapper.Map("m", root, tee, block, out var errors));
        return errors;
    }

    [Theory]
    [InlineData(TeeTechnology.Tdx, TeeKind.IntelTdx, "mrtd", 96)]
    [InlineData(TeeTechnology.SevSnp, TeeKind.AmdSevSnp, "measurement", 96)]
    [InlineData(TeeTechnology.Sgx, TeeKind.IntelSgx, "mrenclave", 64)]
    public void Map_EachTechnology_PinsItsImageRegister(TeeTechnology tee, TeeKind kind, string register, int hexDigits)
    {
        var hex = new string('e', hexDigits);
        var policy = AttestationPolicyMapper.Map("llama", Root, tee, Block(hex, new string('f', hexDigits)), out var errors);

        Assert.Empty(errors);
        Assert.NotNull(policy);
        Assert.Equal("llama", policy.Name);
        Assert.Equal(Root, policy.WeightsRoot.ToString());
        Assert.Equal([kind], policy.Policy.AllowedKinds);
        Assert.Equal(2, policy.Policy.AllowedMeasurements.Count);
        Assert.Equal(hex, policy.Policy.AllowedMeasurements[0][register]);
        Assert.Equal(17, policy.Policy.MinimumTcbLevel);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.Policy.MaxEvidenceAge);
        Assert.False(policy.Policy.AllowDebug);
        Assert.False(policy.Policy.IsInsecure);
        Assert.Contains(tee == TeeTechnology.SevSnp ? "AtOrAboveMinimum" : "UpToDate", policy.Policy.AcceptedTcbStatuses);
    }

    [Theory]
    [InlineData(TeeTechnology.Tdx, "zz", "spec.attestation.allowedMeasurements[0]: 'zz' is not hex")]
    [InlineData(TeeTechnology.Tdx, "abc", "spec.attestation.allowedMeasurements[0]: 'abc' is not hex")]
    [InlineData(TeeTechnology.Tdx, "abcd", "spec.attestation.allowedMeasurements[0]: 'abcd' is 2 bytes")]
    [InlineData(TeeTechnology.Tdx, "HEX32", "spec.attestation.allowedMeasurements[0]: a TDX measurement is the 48-byte MRTD (96 hex digits), got 32 bytes")]
    [InlineData(TeeTechnology.SevSnp, "HEX32", "spec.attestation.allowedMeasurements[0]: a SEV-SNP measurement is the 48-byte MEASUREMENT")]
    [InlineData(TeeTechnology.Sgx, "HEX48", "spec.attestation.allowedMeasurements[0]: a SGX measurement is the 32-byte MRENCLAVE (64 hex digits), got 48 bytes")]
    public void Map_BadMeasurement_NamesTheField(TeeTechnology tee, string value, string expected)
    {
        var errors = Errors(tee, Block(value.Replace("HEX32", Hex32, StringComparison.Ordinal).Replace("HEX48", Hex48, StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Map_EveryOtherBadField_IsNamed()
    {
        Assert.Contains(Errors(TeeTechnology.Tdx, Block()), e => e.StartsWith("spec.attestation.allowedMeasurements: at least one", StringComparison.Ordinal));
        Assert.Contains(Errors(TeeTechnology.Tdx, Block(Hex48), root: "0x12"), e => e.StartsWith("spec.weightsRoot", StringComparison.Ordinal));
        Assert.Contains(Errors(TeeTechnology.Tdx, null), e => e.StartsWith("spec.attestation: the pool declares no", StringComparison.Ordinal));
        var block = Block(Hex48);
        block.MinimumTcb = "seven";
        Assert.Contains(Errors(TeeTechnology.Tdx, block), e => e.StartsWith("spec.attestation.minimumTcb: 'seven'", StringComparison.Ordinal));
        foreach (var freshness in new[] { "", "1d", "h", "0m", "-1h", "9000h" })
        {
            var b = Block(Hex48);
            b.Freshness = freshness;
            Assert.Contains(Errors(TeeTechnology.Tdx, b), e => e.StartsWith("spec.attestation.freshness", StringComparison.Ordinal));
        }

        var debug = Block(Hex48);
        debug.AllowDebug = true;
        Assert.Contains(Errors(TeeTechnology.Tdx, debug), e => e.StartsWith("spec.attestation.allowDebug: must be false", StringComparison.Ordinal));
        var two = Errors(TeeTechnology.Tdx, Block("zz", Hex32));
        Assert.Equal(2, two.Count);
        Assert.Contains(two, e => e.StartsWith("spec.attestation.allowedMeasurements[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_FreshnessUnits()
    {
        foreach (var (text, age) in new[] { ("45s", TimeSpan.FromSeconds(45)), ("30m", TimeSpan.FromMinutes(30)), ("2h", TimeSpan.FromHours(2)) })
        {
            var b = Block(Hex48);
            b.Freshness = text;
            Assert.Equal(age, AttestationPolicyMapper.Map("m", Root, TeeTechnology.Tdx, b, out _)!.Policy.MaxEvidenceAge);
        }
    }

    [Fact]
    public void PoliciesDocument_HoldsScheduledModels_AndReportsTheOnesThatDoNotMap()
    {
        var tdx = Pools.Tdx();
        tdx.Spec.Attestation = Block(Hex48);
        var broken = Pools.Sgx();
        broken.Spec.Attestation = Block(Hex48);
        var (document, errors) = PoliciesPublisher.Build([(Pools.Model("llama"), tdx), (Pools.Model("mistral"), broken)]);

        var parsed = ModelPolicyDocument.Parse(document);
        Assert.Equal(["llama"], parsed.Keys);
        Assert.Equal(Hex48, parsed["llama"].Policy.AllowedMeasurements[0]["mrtd"]);
        var error = Assert.Single(errors);
        Assert.Contains("mistral", error, StringComparison.Ordinal);
        Assert.Contains("spec.attestation.allowedMeasurements[0]", error, StringComparison.Ordinal);
        Assert.Contains("\"weightsRoot\"", Encoding.UTF8.GetString(document), StringComparison.Ordinal);
    }
}
