using System.Net.Http.Headers;
using System.Text.Json;
using Nethereum.Web3;
using Otr.Chain.Contracts;
using Otr.Protocol;

namespace Otr.Cli.Verify;

/// <summary>Gathers <see cref="ReceiptEvidence"/>: parses the document, asks the sequencer for the batch placement, reads L1.</summary>
public sealed class ReceiptInspector(HttpClient http)
{
    /// <summary>
    /// Reads a receipt from any of the documents users hold: a chat/completion response (receipt under
    /// <c>otr.receipt</c>), a <c>GET /v1/receipts/{digest}</c> answer (receipt under <c>receipt</c>, placement under
    /// <c>batch</c>), or the bare signed receipt JSON (<c>{receipt, signature, domain}</c>).
    /// </summary>
    /// <exception cref="ReceiptFormatException">The document holds no well-formed receipt; the message names the field.</exception>
    public static (SignedReceipt Receipt, BatchPlacement? Placement) Parse(string document)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("expected a JSON object holding a receipt");
            }

            var receipt = root;
            if (root.TryGetProperty("otr", out var otr) && otr.ValueKind == JsonValueKind.Object && otr.TryGetProperty("receipt", out var inner))
            {
                receipt = inner;
            }
            else if (!root.TryGetProperty("signature", out _)
                && root.TryGetProperty("receipt", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
            {
                receipt = wrapped;
            }

            var signed = ReceiptJson.Deserialize(receipt.GetRawText());
            BatchPlacement? placement = null;
            if (root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Object)
            {
                placement = ParsePlacement(batch);
            }

            return (signed, placement);
        }
    }

    /// <summary>Gathers the evidence for one receipt document.</summary>
    public async Task<ReceiptEvidence> InspectAsync(string document, VerifyTarget target, CancellationToken ct)
    {
        var (signed, placement) = Parse(document);
        var evidence = new ReceiptEvidence { Receipt = signed, RecoveredSigner = signed.RecoverSigner() };
        if (target.SequencerUrl is not null)
        {
            placement = await FetchPlacementAsync(target, signed.Digest, ct) ?? placement;
        }

        if (target.RpcUrl is null || target.Rollup is null || target.ExecutorRegistry is null)
        {
            return evidence with { Placement = placement };
        }

        var web3 = new Web3(target.RpcUrl);
        var rollup = new OtrRollupService(web3, target.Rollup);
        var registry = new ExecutorRegistryService(web3, target.ExecutorRegistry);
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        evidence = evidence with
        {
            OnChain = true,
            Placement = placement,
            RollupDomain = await rollup.GetDomainAsync(),
            Registered = await registry.IsRegisteredAsync(signed.Receipt.Executor, signed.Receipt.ModelId),
            ChallengeWindow = (ulong)(await rollup.GetChallengeWindowAsync()).TotalSeconds,
            L1Now = (ulong)block.Timestamp.Value,
            Invalidated = await rollup.IsInvalidatedAsync(signed.Digest),
        };
        if (placement is not null && await rollup.GetBatchAsync(placement.BatchIndex) is { } onChain)
        {
            evidence = evidence with
            {
                PostedBatch = (onChain.Root, onChain.PostedAt),
                Included = await rollup.VerifyInclusionAsync(placement.BatchIndex, signed.Digest, placement.LeafIndex, placement.Proof),
            };
        }

        return evidence;
    }

    private async Task<BatchPlacement?> FetchPlacementAsync(VerifyTarget target, Bytes32 digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{target.SequencerUrl!.TrimEnd('/')}/v1/receipts/{digest}");
        if (target.ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        }

        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Object
            ? ParsePlacement(batch)
            : null;
    }

    private static BatchPlacement ParsePlacement(JsonElement batch)
    {
        try
        {
            var proof = batch.GetProperty("proof").EnumerateArray().Select(p => Bytes32.Parse(p.GetString()!)).ToList();
            return new BatchPlacement(batch.GetProperty("index").GetUInt64(), batch.GetProperty("leafIndex").GetInt32(), proof);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"batch: expected {{index, leafIndex, proof: [0x…]}} ({e.Message})", e);
        }
    }
}
