using System.Text.Json;
using Otr.Api;
using Otr.Protocol;
using Otr.Sequencer.Executors;

namespace Otr.Sequencer.Receipts;

/// <summary>
/// Checks an executor's answer before the sequencer vouches for it: the receipt parses, is signed
/// under the configured EIP-712 domain, commits to exactly the request that was sent (request id,
/// model, prompt, decoding parameters, nonce) and to the tokens that came back, names the executor
/// the pool knows for that endpoint, and its signature recovers to that executor's address.
/// Pure apart from hashing; throws <see cref="ReceiptRejectedException"/> naming the failed check.
/// </summary>
internal sealed class ReceiptVerifier(Eip712Domain domain)
{
    public Eip712Domain Domain { get; } = domain;

    public VerifiedReceipt Verify(ExecuteRequest request, ExecuteResponse response, ExecutorIdentity identity)
    {
        if (response.Tokens is null || response.Text is null || response.FinishReason is null)
        {
            throw new ReceiptRejectedException("the executor's answer lacks tokens, text or finishReason");
        }

        if (!string.Equals(response.Model, request.Model, StringComparison.Ordinal))
        {
            throw new ReceiptRejectedException($"the executor answered for model '{response.Model}', not '{request.Model}'");
        }

        if (response.Tokens.Count > request.MaxTokens)
        {
            throw new ReceiptRejectedException($"the executor generated {response.Tokens.Count} tokens, more than max_tokens {request.MaxTokens}");
        }

        if (response.Receipt.ValueKind != JsonValueKind.Object)
        {
            throw new ReceiptRejectedException("the executor's answer carries no receipt object");
        }

        SignedReceipt signed;
        try
        {
            signed = ReceiptJson.Deserialize(response.Receipt.GetRawText());
        }
        catch (ReceiptFormatException e)
        {
            throw new ReceiptRejectedException($"the receipt does not parse: {e.Message}");
        }

        if (signed.Domain.ChainId != Domain.ChainId || !SameAddress(signed.Domain.VerifyingContract, Domain.VerifyingContract))
        {
            throw new ReceiptRejectedException($"the receipt is signed under domain (chain {signed.Domain.ChainId}, {signed.Domain.VerifyingContract}), not (chain {Domain.ChainId}, {Domain.VerifyingContract})");
        }

        var r = signed.Receipt;
        Expect("requestId", r.RequestId, Bytes32.Parse(request.RequestId));
        Expect("modelId", r.ModelId, ReceiptFields.ModelId(request.Model));
        Expect("promptHash", r.PromptHash, ReceiptFields.PromptHash(request.Prompt));
        Expect("paramsHash", r.ParamsHash, ReceiptFields.ParamsHash(new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed)));
        Bytes32 outputHash;
        try
        {
            outputHash = ReceiptFields.OutputHash(response.Tokens);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ReceiptRejectedException($"the executor returned an invalid token: {e.Message}");
        }

        Expect("outputHash", r.OutputHash, outputHash);
        if (r.Nonce != request.Nonce)
        {
            throw new ReceiptRejectedException($"receipt nonce {r.Nonce} is not the nonce {request.Nonce} the sequencer assigned");
        }

        if (!SameAddress(r.Executor, identity.Address))
        {
            throw new ReceiptRejectedException($"receipt executor {r.Executor} is not the executor {identity.Address}");
        }

        var digest = signed.Digest;
        var signer = ReceiptSigner.Recover(digest, signed.Signature);
        if (signer is null || !SameAddress(signer, identity.Address))
        {
            throw new ReceiptRejectedException($"the receipt signature recovers to {signer ?? "nothing (malformed)"}, not to the executor {identity.Address}");
        }

        return new VerifiedReceipt(signed, digest, ReceiptJson.SerializeToElement(signed));
    }

    private static bool SameAddress(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void Expect(string field, Bytes32 actual, Bytes32 expected)
    {
        if (actual != expected)
        {
            throw new ReceiptRejectedException($"receipt {field} {actual} does not match the request and answer ({expected})");
        }
    }
}
