using Otr.Inference;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Kit;

/// <summary>
/// Plays executor and sequencer in tests: runs a real q8 engine, signs the real trace root and
/// output hash with an enclave key, and batches receipts with inclusion proofs the way the
/// sequencer does. Cheats are explicit arguments.
/// </summary>
internal sealed class ReceiptMaker(Eip712Domain domain, byte[] enclaveKey)
{
    private ulong _nonce;

    public string Executor { get; } = ReceiptSigner.AddressOf(enclaveKey);

    public Eip712Domain Domain => domain;

    /// <summary>Executes <paramref name="prompt"/> on <paramref name="engine"/> and signs what it produced.</summary>
    public Unbatched Execute(IQ8Engine engine, string prompt, DecodingParams parameters, string? modelName = null)
    {
        var sink = new CollectingTraceSink();
        var result = engine.Generate(ByteTokenizer.EncodePrompt(prompt), parameters, sink);
        var acc = new TraceAccumulator();
        foreach (var leaf in sink.Leaves)
        {
            acc.Append(leaf);
        }

        var receipt = new Receipt(
            Keccak.Hash(BitConverter.GetBytes(Interlocked.Increment(ref _nonce))),
            ReceiptFields.ModelId(modelName ?? engine.Model.Name),
            ReceiptFields.PromptHash(prompt),
            ReceiptFields.ParamsHash(parameters),
            ReceiptFields.OutputHash(result.Tokens),
            acc.Root,
            (ulong)acc.Count,
            Executor,
            _nonce,
            1_700_000_000 + _nonce);
        var signed = SignedReceipt.Create(receipt, domain, enclaveKey);
        return new Unbatched(signed, prompt, parameters, result.Tokens, ByteTokenizer.Decode(result.Tokens, skipSpecial: true));
    }

    /// <summary>Puts the receipts in batch <paramref name="index"/>, posts its root to <paramref name="l1"/>, returns the published messages.</summary>
    public static IReadOnlyList<PublishedReceipt> Batch(ulong index, FakeL1 l1, params Unbatched[] receipts)
    {
        var digests = receipts.Select(r => r.Signed.Digest).ToList();
        var batch = BatchBuilder.Build(digests);
        l1.PostBatch(index, batch);
        return [.. receipts.Select((r, i) =>
        {
            var proof = BatchBuilder.Prove(digests, i);
            return new PublishedReceipt(
                r.Signed.Receipt, r.Signed.Signature, r.Prompt, r.Params, r.Tokens, r.Text, index, (ulong)proof.Index, proof.Siblings);
        })];
    }

    internal sealed record Unbatched(SignedReceipt Signed, string Prompt, DecodingParams Params, IReadOnlyList<int> Tokens, string Text);
}
