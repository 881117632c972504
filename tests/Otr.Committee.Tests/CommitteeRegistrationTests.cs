using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otr.Attestation;
using Otr.Attestation.Committee;
using Otr.Chain.Contracts;
using Otr.Executor.Hosting;
using Otr.Inference;
using Otr.Protocol;

namespace Otr.Committee.Tests;

/// <summary>
/// Committee HTTP → approvals → CommitteeAttestationVerifier on Anvil → ExecutorRegistry: an executor with TDX evidence
/// registers; an executor running other weights cannot, and the committee says why.
/// </summary>
public sealed class CommitteeRegistrationTests(CommitteeNetwork net) : IClassFixture<CommitteeNetwork>
{
    private static readonly HttpClient Http = new();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, object body)
    {
        using var response = await Http.PostAsJsonAsync(url + "/v1/approvals", body, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
    }

    [Fact]
    public async Task Executor_WithTdxEvidence_CollectsApprovalsAndRegisters()
    {
        var (app, tee) = await net.StartExecutorAsync(seed: 1, operatorAccount: 2);
        await using var _ = app;

        var registration = await new ExecutorRegistryService(net.Owner, net.ExecutorRegistry).GetRegistrationAsync(tee.EnclaveAddress);
        Assert.NotNull(registration);
        Assert.Equal(Keccak.HashUtf8(CommitteeNetwork.ModelName), registration.ModelId);
        Assert.Equal(net.Hardware.MeasurementDigest, registration.Measurement);
        Assert.True(await new ExecutorRegistryService(net.Owner, net.ExecutorRegistry).IsRegisteredAsync(tee.EnclaveAddress, Keccak.HashUtf8(CommitteeNetwork.ModelName)));
    }

    [Fact]
    public async Task DowngradedExecutor_EvidenceBindsOtherWeights_CommitteeRefusesAndRegistryRejects()
    {
        // The executor loaded a cheaper model: its TEE's report data binds that model's weights root.
        var cheaper = DemoModelFactory.Create(2);
        Assert.NotEqual(CommitteeNetwork.Registered.WeightsRoot, cheaper.WeightsRoot);
        var kernel = new Otr.Attestation.Tests.Tsm.SimulatedConfigFs("tdx_guest", report: data => net.Hardware.Quote(data));
        using var tee = new Otr.Attestation.Tsm.ConfigFsTeeBackend(new Otr.Attestation.Tsm.ConfigFsTsm(kernel, Otr.Attestation.Tsm.ConfigFsTsm.DefaultRoot));
        var evidence = await tee.GetEvidenceAsync(new ReportData(tee.EnclaveAddress, cheaper.WeightsRoot, 0), TestContext.Current.CancellationToken);

        foreach (var url in net.MemberUrls)
        {
            var (status, body) = await PostAsync(url, new
            {
                model = CommitteeNetwork.ModelName,
                tee = "IntelTdx",
                evidence = "0x" + Convert.ToHexStringLower(evidence.Bytes),
                enclaveKey = tee.EnclaveAddress,
                registrationNonce = "0",
            });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal("report-data-mismatch", body.GetProperty("error").GetProperty("code").GetString());
        }

        // Without approvals the registry's verifier refuses whatever the downgraded executor sends.
        var operatorWeb3 = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(net.Node.DevPrivateKeys[3], net.Node.ChainId), net.Node.RpcUrl);
        var registry = new ExecutorRegistryService(operatorWeb3, net.ExecutorRegistry);
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unsigned = new CommitteeApproval(tee.EnclaveAddress, net.Hardware.MeasurementDigest, CommitteeNetwork.Registered.WeightsRoot, Keccak.Hash(evidence.Bytes), now).EncodeEvidence([], net.Node.ChainId, net.Verifier);
        await Assert.ThrowsAnyAsync<Exception>(() => registry.RegisterAsync(tee.EnclaveAddress, Keccak.HashUtf8(CommitteeNetwork.ModelName), net.Hardware.MeasurementDigest, unsigned, CommitteeNetwork.MinStake, TestContext.Current.CancellationToken));
        Assert.Null(await registry.GetRegistrationAsync(tee.EnclaveAddress));
    }

    [Fact]
    public async Task DowngradedExecutorProcess_RefusesToStartWithTheRegisteredModelName()
    {
        // The executor checks its loaded weights against ModelRegistry before it asks the committee.
        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => net.StartExecutorAsync(seed: 2, operatorAccount: 4));
        Assert.Contains("weights root mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executor_CommitteeUnreachable_FailsNamingEveryMember()
    {
        var e = await Assert.ThrowsAsync<ExecutorStartupException>(() => net.StartExecutorAsync(seed: 1, operatorAccount: 5, o => o.Committee.Urls = ["http://127.0.0.1:9", "http://127.0.0.1:10"]));
        Assert.Contains("approved enclave key", e.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", e.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_BadInput_IsA4xxNamingTheField()
    {
        var url = net.MemberUrls[0];
        var valid = new Dictionary<string, object?>
        {
            ["model"] = CommitteeNetwork.ModelName,
            ["tee"] = "IntelTdx",
            ["evidence"] = "0x00",
            ["enclaveKey"] = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF",
            ["registrationNonce"] = "1",
        };
        foreach (var (field, value, param) in new (string, object?, string)[]
        {
            ("tee", "Quantum", "tee"), ("evidence", "zz", "evidence"), ("enclaveKey", "0x12", "enclaveKey"), ("registrationNonce", "-1", "registrationNonce"), ("model", null, "model"),
        })
        {
            var body = new Dictionary<string, object?>(valid) { [field] = value };
            var (status, answer) = await PostAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(param, answer.GetProperty("error").GetProperty("param").GetString());
        }

        var (notFound, missing) = await PostAsync(url, new Dictionary<string, object?>(valid) { ["model"] = "gpt-nothing" });
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal("model_not_found", missing.GetProperty("error").GetProperty("code").GetString());

        var (rejected, garbage) = await PostAsync(url, valid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected);
        Assert.Equal("quote-truncated", garbage.GetProperty("error").GetProperty("code").GetString());

        using var notJson = await Http.PostAsync(url + "/v1/approvals", new StringContent("{", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task Service_MemberEndpoint_NamesAddressDomainAndModels()
    {
        var member = JsonDocument.Parse(await Http.GetStringAsync(net.MemberUrls[0] + "/v1/member", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(net.Verifier, member.GetProperty("verifier").GetString());
        Assert.Equal(net.Node.ChainId, member.GetProperty("chainId").GetUInt64());
        Assert.Equal(CommitteeNetwork.ModelName, member.GetProperty("models")[0].GetString());
    }
}
