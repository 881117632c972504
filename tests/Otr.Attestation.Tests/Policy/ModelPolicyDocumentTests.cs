using System.Text;
using Otr.Attestation.Policy;
using Otr.Protocol;

namespace Otr.Attestation.Tests.Policy;

/// <summary>The committee's per-model policy file: round trip, and every bad value named by its path.</summary>
public sealed class ModelPolicyDocumentTests
{
    private static readonly string Root = Keccak.HashUtf8("w").ToString();
    private static readonly string Mrtd = new('a', 96);

    private static IReadOnlyDictionary<string, ModelAttestationPolicy> Parse(string json) => ModelPolicyDocument.Parse(Encoding.UTF8.GetBytes(json));

    private static string Error(string json) => Assert.Throws<FormatException>(() => Parse(json)).Message;

    [Fact]
    public void WriteThenParse_KeepsEveryField()
    {
        var policy = new AttestationPolicy
        {
            AllowedKinds = new HashSet<TeeKind> { TeeKind.IntelTdx, TeeKind.AmdSevSnp },
            AllowedMeasurements = [new Dictionary<string, string> { ["mrtd"] = Mrtd, ["rtmr1"] = new string('b', 96) }],
            AcceptedTcbStatuses = new HashSet<string> { "UpToDate" },
            MinimumTcbLevel = 17,
            MaxEvidenceAge = TimeSpan.FromMinutes(30),
        };
        var written = ModelPolicyDocument.Write([new ModelAttestationPolicy("b", Bytes32.Parse(Root), AttestationPolicy.Development), new ModelAttestationPolicy("a", Bytes32.Parse(Root), policy)]);
        var parsed = ModelPolicyDocument.Parse(written);

        Assert.Equal(["a", "b"], parsed.Keys.Order());
        var a = parsed["a"].Policy;
        Assert.Equal(policy.AllowedKinds, a.AllowedKinds);
        Assert.Equal(policy.AllowedMeasurements[0], a.AllowedMeasurements[0]);
        Assert.Equal(policy.AcceptedTcbStatuses, a.AcceptedTcbStatuses);
        Assert.Equal(17, a.MinimumTcbLevel);
        Assert.Equal(TimeSpan.FromMinutes(30), a.MaxEvidenceAge);
        Assert.False(a.AllowSimulated);
        Assert.True(parsed["b"].Policy.AllowSimulated);
        Assert.Equal(Keccak.HashUtf8("a"), parsed["a"].ModelId);
        Assert.Equal(written, ModelPolicyDocument.Write(parsed.Values));
    }

    [Theory]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"0x12","allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].weightsRoot")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","allowedMeasurements":[{"mrtd":"zz"}]}]}""", "models[0].allowedMeasurements[0].mrtd: 'zz' is not hex")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","allowedMeasurements":[{"mrtd":"abcd"}]}]}""", "models[0].allowedMeasurements[0].mrtd: 'abcd' is 2 bytes")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT"}]}""", "models[0].allowedMeasurements: required")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","allowedMeasurements":[]}]}""", "models[0].allowedMeasurements: must be a non-empty array")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","allowedMeasurements":[{}]}]}""", "models[0].allowedMeasurements[0]: a measurement set names at least one register")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","tee":["Simulated"],"allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].tee[0]: 'Simulated' is not a hardware TEE")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","tee":["1"],"allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].tee[0]")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","minimumTcbLevel":-1,"allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].minimumTcbLevel")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","maxEvidenceAgeSeconds":0,"allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].maxEvidenceAgeSeconds")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","allowDebug":"no","allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].allowDebug: expected true or false")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","colour":"red","allowedMeasurements":[{"mrtd":"MRTD"}]}]}""", "models[0].colour: unknown field")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","development":true,"allowDebug":false}]}""", "models[0].allowDebug: a development policy")]
    [InlineData("""{"models":[{"name":" m","weightsRoot":"ROOT","development":true}]}""", "models[0].name")]
    [InlineData("""{"models":[{"name":"m","weightsRoot":"ROOT","development":true},{"name":"m","weightsRoot":"ROOT","development":true}]}""", "models[1].name: model 'm' appears twice")]
    [InlineData("""{"model":[]}""", "'models' array")]
    [InlineData("""[1""", "not JSON")]
    public void Parse_BadDocument_NamesThePath(string template, string expected)
    {
        var message = Error(template.Replace("ROOT", Root, StringComparison.Ordinal).Replace("MRTD", Mrtd, StringComparison.Ordinal));
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultsAreTheSafeOnes()
    {
        var p = Parse($$"""{"models":[{"name":"m","weightsRoot":"{{Root}}","allowedMeasurements":[{"mrtd":"0x{{Mrtd.ToUpperInvariant()}}"}]}]}""")["m"].Policy;
        Assert.False(p.AllowDebug);
        Assert.False(p.IsInsecure);
        Assert.Null(p.MinimumTcbLevel);
        Assert.Equal(Mrtd, p.AllowedMeasurements[0]["mrtd"]);
        Assert.DoesNotContain(TeeKind.Simulated, p.AllowedKinds);
    }
}
