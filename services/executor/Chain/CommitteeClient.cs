using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Otr.Api;
using Otr.Attestation;
using Otr.Attestation.Committee;
using Otr.Executor.Configuration;
using Otr.Executor.Hosting;
using Otr.Protocol;

namespace Otr.Executor.Chain;

/// <summary><c>CommitteeAttestationVerifier.threshold() view returns (uint256)</c>; a verifier without it is not a committee verifier.</summary>
[Function("threshold", "uint256")]
internal sealed class CommitteeThresholdFunction : FunctionMessage;

/// <summary>
/// Collects committee approvals for a registration: sends the hardware evidence to every configured member
/// (<c>POST /v1/approvals</c>), checks each answer (the statement is the one this executor expects, for the verifier
/// and chain it registers on, and the signature recovers to the member that answered), and encodes at least
/// <c>threshold</c> signatures as <c>CommitteeAttestationVerifier</c> evidence. Fewer approvals fail the start with
/// every member's refusal reason.
/// </summary>
internal sealed class CommitteeClient(IHttpClientFactory http, TimeProvider time, ILogger<CommitteeClient> logger)
{
    public const string HttpClientName = "otr-committee";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<byte[]> CollectAsync(
        CommitteeClientOptions options, int threshold, string model, AttestationEvidence evidence, ReportData binding, ulong chainId, string verifier, CancellationToken cancellationToken)
    {
        if (options.Urls.Count < threshold)
        {
            throw new ExecutorStartupException(
                $"ExecutorRegistry's verifier {verifier} is a CommitteeAttestationVerifier needing {threshold} approvals, but {ExecutorOptions.SectionName}:Committee:Urls lists {options.Urls.Count} member(s)");
        }

        var approvedAt = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
        var expected = new CommitteeApproval(binding.EnclaveAddress, evidence.Measurement, binding.WeightsRoot, Keccak.Hash(evidence.Bytes), approvedAt);
        var body = new ApprovalRequestBody(
            model,
            evidence.Kind.ToString(),
            "0x" + Convert.ToHexStringLower(evidence.Bytes),
            evidence.Certificates.Length > 0 ? "0x" + Convert.ToHexStringLower(evidence.Certificates) : null,
            binding.EnclaveAddress,
            binding.RegistrationNonce.ToString(CultureInfo.InvariantCulture),
            approvedAt);
        var answers = await Task.WhenAll(options.Urls.Select(url => AskAsync(url, body, expected, chainId, verifier, options.Timeout, cancellationToken)));
        var signatures = answers.Where(a => a.Signature is not null).Select(a => a.Signature!).ToList();
        foreach (var (url, _, refusal) in answers.Where(a => a.Refusal is not null))
        {
            logger.LogWarning("committee member {Url} did not approve enclave key {Key}: {Refusal}", url, binding.EnclaveAddress, refusal);
        }

        if (signatures.Count < threshold)
        {
            throw new ExecutorStartupException(
                $"the attestation committee approved enclave key {binding.EnclaveAddress} for '{model}' {signatures.Count} time(s), {threshold} needed; refusals: "
                + string.Join("; ", answers.Where(a => a.Refusal is not null).Select(a => $"{a.Url}: {a.Refusal}")));
        }

        logger.LogInformation("collected {Count} committee approvals (threshold {Threshold}) for enclave key {Key}", signatures.Count, threshold, binding.EnclaveAddress);
        return expected.EncodeEvidence(signatures, chainId, verifier);
    }

    private async Task<(string Url, byte[]? Signature, string? Refusal)> AskAsync(
        string url, ApprovalRequestBody body, CommitteeApproval expected, ulong chainId, string verifier, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(new Uri(new Uri(url.TrimEnd('/') + "/"), "v1/approvals"), body, Json, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                var error = TryRead<ApiError>(text)?.Error;
                return (url, null, error is null ? $"HTTP {(int)response.StatusCode}: {text}" : $"{error.Code}: {error.Message}");
            }

            var answer = TryRead<ApprovalResponseBody>(text);
            return answer is null ? (url, null, "the answer is not an approval") : Check(url, answer, expected, chainId, verifier);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (url, null, $"unreachable: {e.Message}");
        }
    }

    private static (string, byte[]?, string?) Check(string url, ApprovalResponseBody answer, CommitteeApproval expected, ulong chainId, string verifier)
    {
        if (answer.ChainId != chainId || !string.Equals(answer.Verifier, verifier, StringComparison.OrdinalIgnoreCase))
        {
            return (url, null, $"the member signs for verifier {answer.Verifier} on chain {answer.ChainId}, not {verifier} on chain {chainId}");
        }

        if (!string.Equals(answer.EnclaveKey, expected.EnclaveKey, StringComparison.OrdinalIgnoreCase) || answer.Measurement != expected.Measurement.ToString()
            || answer.WeightsRoot != expected.WeightsRoot.ToString() || answer.EvidenceHash != expected.EvidenceHash.ToString() || answer.ApprovedAt != expected.ApprovedAt)
        {
            return (url, null, $"the member approved another statement (measurement {answer.Measurement}, weights root {answer.WeightsRoot}) than expected (measurement {expected.Measurement}, weights root {expected.WeightsRoot})");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(answer.Signature.AsSpan(2));
        }
        catch (FormatException)
        {
            return (url, null, "the signature is not hex");
        }

        return Secp256k1.TryRecover(expected.Digest(chainId, verifier), signature, out var signer) && string.Equals(signer, answer.Member, StringComparison.OrdinalIgnoreCase)
            ? (url, signature, null)
            : (url, null, $"the signature does not recover to the member {answer.Member}");
    }

    private static T? TryRead<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
