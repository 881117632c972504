using System.Security.Cryptography;
using Otr.Api;
using Otr.Protocol;
using Otr.Sequencer.Pipeline;
using Otr.Sequencer.Receipts;
using SequencerExecutorIdentity = Otr.Sequencer.Executors.ExecutorIdentity;

namespace Otr.Bench;

/// <summary>
/// The sequencer's side of one request, in-process with its real classes and the objects
/// <c>AddSequencer</c> registers (<c>new ReceiptVerifier(new Eip712Domain(ChainId, RollupAddress))</c>,
/// <c>new FileReceiptStore(DataDirectory)</c>): build the <see cref="ExecuteRequest"/> as
/// <c>CompletionService</c> does (random request id, default seed from it, leased nonce), then after
/// the executor answers verify the receipt and append it durably (fsync), as <c>FinishAsync</c> does.
/// </summary>
internal sealed class SequencerHarness : IDisposable
{
    private readonly ReceiptVerifier _verifier;
    private readonly FileReceiptStore _store;
    private readonly SequencerExecutorIdentity _identity;

    public SequencerHarness(string directory, Eip712Domain domain, SequencerExecutorIdentity identity)
    {
        Directory = directory;
        _verifier = new ReceiptVerifier(domain);
        _store = new FileReceiptStore(directory);
        _identity = identity;
    }

    public string Directory { get; }

    /// <summary>A request as the sequencer sends it: fresh request id, seed from it, the executor's next nonce.</summary>
    public ExecuteRequest NewRequest(string model, string prompt, uint maxTokens)
    {
        var requestId = new Bytes32(RandomNumberGenerator.GetBytes(32));
        var nonce = _store.NextNonceAsync(_identity.Address, CancellationToken.None).GetAwaiter().GetResult();
        return new ExecuteRequest(requestId.ToString(), model, prompt, maxTokens, 0, CompletionService.DefaultSeed(requestId), nonce);
    }

    /// <summary><c>ReceiptVerifier.Verify</c>: throws <see cref="ReceiptRejectedException"/> when the receipt is bad.</summary>
    public VerifiedReceipt Verify(ExecuteRequest request, ExecuteResponse response) => _verifier.Verify(request, response, _identity);

    /// <summary>The durable write of <c>CompletionService.FinishAsync</c>: one fsynced line in <c>receipts.jsonl</c>.</summary>
    public void Store(ExecuteRequest request, ExecuteResponse response, VerifiedReceipt verified)
    {
        var entry = new ReceiptEntry(
            verified.Digest,
            verified.Json,
            request.Model,
            request.Prompt,
            request.MaxTokens,
            request.TemperatureMilli,
            request.Seed,
            response.PromptTokens,
            [.. response.Tokens],
            response.Text,
            response.FinishReason,
            DateTimeOffset.UtcNow);
        _store.AddAsync(entry, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _store.Dispose();
}
