using Microsoft.AspNetCore.Http;
using Otr.Protocol;
using Otr.Sequencer.OpenAi;
using Otr.Sequencer.Receipts;

namespace Otr.Sequencer.Http;

/// <summary>
/// <c>GET /v1/receipts/{digest}</c>: the stored signed receipt, its state and, once batched, its
/// inclusion proof (batch index, leaf index, root, siblings bottom-up) and the L1 transaction.
/// Receipts carry only hashes and are public on L1 and the bus anyway, so no API key is needed:
/// <c>otr verify</c> and any client can fetch proofs.
/// </summary>
internal sealed class ReceiptQueryHandler(IReceiptStore store)
{
    public async Task HandleAsync(HttpContext context, string digest)
    {
        try
        {
            if (!Bytes32.TryParse(digest, out var key))
            {
                throw ApiProblemException.Invalid("digest", $"'{digest}' is not a receipt digest (expected 0x followed by 64 hex digits)");
            }

            var stored = store.Find(key) ?? throw ApiProblemException.NotFound("digest", $"No receipt with digest {key} is stored here", "receipt_not_found");
            var batch = stored.BatchIndex is { } index ? store.FindBatch(index) : null;
            await HttpJson.WriteAsync(context.Response, StatusCodes.Status200OK, json =>
            {
                json.WriteStartObject();
                json.WriteString("digest", key.ToString());
                json.WriteString("state", stored.State.ToString().ToLowerInvariant());
                json.WritePropertyName("receipt");
                stored.Entry.Receipt.WriteTo(json);
                if (batch is null || stored.LeafIndex is not { } leaf)
                {
                    json.WriteNull("batch");
                }
                else
                {
                    var record = batch.Batch;
                    json.WriteStartObject("batch");
                    json.WriteNumber("index", record.Index);
                    json.WriteNumber("leafIndex", leaf);
                    json.WriteNumber("count", record.Members.Count);
                    json.WriteString("root", record.Root.ToString());
                    json.WriteString("dataPointer", record.DataPointer.ToString());
                    json.WriteStartArray("proof");
                    foreach (var sibling in BatchBuilder.Prove(record.Members, leaf).Siblings)
                    {
                        json.WriteStringValue(sibling.ToString());
                    }

                    json.WriteEndArray();
                    if (batch.TxHash is null)
                    {
                        json.WriteNull("txHash");
                    }
                    else
                    {
                        json.WriteString("txHash", batch.TxHash);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }, context.RequestAborted);
        }
        catch (ApiProblemException e) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteErrorAsync(context.Response, e);
        }
    }
}
