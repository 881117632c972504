using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Otr.Messaging;
using Otr.Protocol;
using Otr.Sequencer.Batching;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.Receipts;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class BatchingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly InProcessBus _bus = new();
    private FakeExecutor _executor = null!;

    public async ValueTask InitializeAsync() => _executor = await FakeExecutor.StartAsync(SequencerHost.Domain);

    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        await _bus.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Batching_CountReached_PostsFullBatchesInStoreOrderAndPublishesThem()
    {
        var poster = new RecordingBatchPoster();
        await using var host = await StartAsync(poster, b => (b.MaxCount, b.MaxAge) = (3, TimeSpan.FromHours(1)));

        var digests = new List<Bytes32>();
        for (var i = 0; i < 7; i++)
        {
            digests.Add(await CompleteAsync(host, $"prompt {i}"));
        }

        await Eventually.HoldsAsync(() => poster.Posted.Count == 2 && Store(host).UnfinishedBatches().Count == 0, "two batches posted and published");
        Assert.Equal([0ul, 1ul], poster.Posted.Select(b => b.Index));
        Assert.Equal(digests[..3], poster.Posted[0].Members);
        Assert.Equal(digests[3..6], poster.Posted[1].Members);
        Assert.All(poster.Posted, b => Assert.Equal(BatchBuilder.Build(b.Members).Root, b.Root));
        Assert.Equal(digests[6], Assert.Single(Store(host).Pending()).Entry.Digest);

        var receipts = await BusReader.ReadAllAsync(_bus, Topics.Receipts, 6);
        Assert.Equal(6, receipts.Count);
        Assert.Equal(digests[..6].Select(d => d.ToString()), receipts.Select(m => m.Key));
        var first = receipts[4].Deserialize<ReceiptPublished>();
        Assert.Equal((1ul, 1ul), (first.BatchIndex!.Value, first.LeafIndex!.Value));
        Assert.Equal("prompt 4", first.Prompt);
        Assert.Equal(digests[4], ReceiptJson.Deserialize(first.Receipt).Digest);
        Assert.Equal(ReceiptFields.OutputHash(first.OutputTokens), ReceiptJson.Deserialize(first.Receipt).Receipt.OutputHash);
        Assert.Equal(poster.Posted[1].DataPointer, DataPointerOf(receipts.Skip(3).Take(3)));
        Assert.Equal(poster.Posted[0].DataPointer, DataPointerOf(receipts.Take(3)));

        var batches = await BusReader.ReadAllAsync(_bus, Topics.Batches, 2);
        var posted = batches.Select(m => m.Deserialize<BatchPosted>()).ToList();
        Assert.Equal([0ul, 1ul], posted.Select(p => p.BatchIndex));
        Assert.Equal(RecordingBatchPoster.TxHashOf(1), posted[1].TxHash);
        Assert.Equal(poster.Posted[1].Root.ToString(), posted[1].Root);
        Assert.Equal(digests[3..6].Select(d => d.ToString()), posted[1].ReceiptDigests);
    }

    [Fact]
    public async Task Batching_OldestReceiptOlderThanMaxAge_CutsPartialBatch()
    {
        var poster = new RecordingBatchPoster();
        await using var host = await StartAsync(poster, b => (b.MaxCount, b.MaxAge) = (100, TimeSpan.FromMilliseconds(300)));

        var a = await CompleteAsync(host, "a");
        var b = await CompleteAsync(host, "b");

        await Eventually.HoldsAsync(() => poster.Posted.Count == 1, "a batch cut by age");
        Assert.Equal([a, b], poster.Posted[0].Members);
        Assert.Empty(Store(host).Pending());
    }

    [Fact]
    public async Task Receipt_AfterBatchPosted_IsServedWithInclusionProof()
    {
        var poster = new RecordingBatchPoster();
        await using var host = await StartAsync(poster, b => (b.MaxCount, b.MaxAge) = (3, TimeSpan.FromHours(1)));
        var digests = new List<Bytes32>();
        for (var i = 0; i < 3; i++)
        {
            digests.Add(await CompleteAsync(host, $"p{i}"));
        }

        await Eventually.HoldsAsync(() => Store(host).Find(digests[2])!.State == StoredReceiptState.Posted, "receipt posted");
        var body = await host.Anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/receipts/{digests[2]}", TestContext.Current.CancellationToken);

        Assert.Equal("posted", body.GetProperty("state").GetString());
        var batch = body.GetProperty("batch");
        Assert.Equal(0ul, batch.GetProperty("index").GetUInt64());
        Assert.Equal(2, batch.GetProperty("leafIndex").GetInt32());
        Assert.Equal(3, batch.GetProperty("count").GetInt32());
        Assert.Equal(RecordingBatchPoster.TxHashOf(0), batch.GetProperty("txHash").GetString());
        var proof = batch.GetProperty("proof").EnumerateArray().Select(p => Bytes32.Parse(p.GetString()!)).ToList();
        var root = Bytes32.Parse(batch.GetProperty("root").GetString()!);
        Assert.True(BatchVerifier.Verify(new Batch(root, 3), digests[2], new BatchInclusionProof(2, proof)));
    }

    [Fact]
    public async Task Batching_PosterFailing_RetriesSameBatchAndCutsNoOtherFirst()
    {
        var poster = new RecordingBatchPoster { FailuresLeft = 2 };
        await using var host = await StartAsync(poster, b => (b.MaxCount, b.MaxAge, b.RetryDelay) = (2, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(50)));

        for (var i = 0; i < 4; i++)
        {
            await CompleteAsync(host, $"p{i}");
        }

        await Eventually.HoldsAsync(() => poster.Posted.Count == 2, "both batches posted after the failures");
        Assert.Equal([0ul, 0ul, 0ul, 1ul], poster.Calls.Select(c => c.Index));
        Assert.All(poster.Calls.Take(3), c => Assert.Equal(poster.Posted[0], c));
    }

    [Fact]
    public async Task Restart_BatchPersistedButNotPosted_IsPostedAgainWithSameIndex()
    {
        var down = new RecordingBatchPoster { FailuresLeft = int.MaxValue };
        var digests = new List<Bytes32>();
        BatchRecord persisted;
        await using (var host = await StartAsync(down, b => (b.MaxCount, b.MaxAge, b.RetryDelay) = (2, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(50))))
        {
            digests.Add(await CompleteAsync(host, "a"));
            digests.Add(await CompleteAsync(host, "b"));
            await Eventually.HoldsAsync(() => down.Calls.Count > 0, "a post attempt");
            persisted = Store(host).FindBatch(0)!.Batch;
            Assert.False(Store(host).FindBatch(0)!.Posted);
        }

        var up = new RecordingBatchPoster();
        await using var restarted = await StartAsync(up, b => (b.MaxCount, b.MaxAge) = (2, TimeSpan.FromHours(1)));

        await Eventually.HoldsAsync(() => Store(restarted).UnfinishedBatches().Count == 0, "batch 0 finished after restart");
        var posted = Assert.Single(up.Posted);
        Assert.Equal(0ul, posted.Index);
        Assert.Equal(persisted.Root, posted.Root);
        Assert.Equal(persisted.DataPointer, posted.DataPointer);
        Assert.Equal(digests, posted.Members);
        Assert.Equal(1ul, Store(restarted).NextBatchIndex);
        Assert.Equal(2, (await BusReader.ReadAllAsync(_bus, Topics.Receipts, 2)).Count);
    }

    [Fact]
    public async Task Readiness_PostingFails_ReportsBatchingDegradedUntilItRecovers()
    {
        var poster = new RecordingBatchPoster { FailuresLeft = int.MaxValue };
        await using var host = await StartAsync(poster, b => (b.MaxCount, b.RetryDelay) = (1, TimeSpan.FromMilliseconds(50)));
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await CompleteAsync(host, "x");

        await Eventually.HoldsAsync(() => Batching(health) == HealthStatus.Degraded, "batching reported degraded");
        var degraded = (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Entries["batching"];
        poster.FailuresLeft = 0;

        await Eventually.HoldsAsync(() => Batching(health) == HealthStatus.Healthy, "batching healthy again");
        Assert.Contains("unreachable", degraded.Description, StringComparison.Ordinal);
        Assert.Single(poster.Posted);
    }

    [Fact]
    public async Task Restart_BatchPostedButNotPublished_IsPublishedWithoutPostingAgain()
    {
        var entries = new[] { Entries.Make(), Entries.Make() };
        using (var store = new FileReceiptStore(_data.Path))
        {
            foreach (var e in entries)
            {
                await store.AddAsync(e, TestContext.Current.CancellationToken);
            }

            var members = entries.Select(e => e.Digest).ToList();
            await store.AddBatchAsync(new BatchRecord(0, BatchBuilder.Build(members).Root, members, BatchPayload.DataPointer(BatchPayload.Messages(0, entries)), DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken);
            await store.MarkPostedAsync(0, "0xfeed", TestContext.Current.CancellationToken);
        }

        var poster = new RecordingBatchPoster();
        await using var host = await StartAsync(poster, b => b.MaxCount = 2);

        await Eventually.HoldsAsync(() => Store(host).UnfinishedBatches().Count == 0, "batch 0 published");
        Assert.Empty(poster.Calls);
        var batch = Assert.Single(await BusReader.ReadAllAsync(_bus, Topics.Batches, 1)).Deserialize<BatchPosted>();
        Assert.Equal("0xfeed", batch.TxHash);
        Assert.Equal(2, (await BusReader.ReadAllAsync(_bus, Topics.Receipts, 2)).Count);
    }

    [Fact]
    public async Task Start_BatchingEnabledWithoutL1OrPoster_FailsNamingTheSettings()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SequencerHost.StartAsync(_data.Path, [_executor], batching: b => b.Enabled = true));

        Assert.Contains("Sequencer:L1:RpcUrl", error.Message, StringComparison.Ordinal);
    }

    private static HealthStatus Batching(HealthCheckService health) =>
        health.CheckHealthAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult().Entries["batching"].Status;

    private static IReceiptStore Store(SequencerHost host) => host.Services.GetRequiredService<IReceiptStore>();

    private static Bytes32 DataPointerOf(IEnumerable<BusMessage> messages) =>
        Keccak.Hash([.. messages.SelectMany(m => new[] { m.Value.ToArray(), "\n"u8.ToArray() })]);

    private static async Task<Bytes32> CompleteAsync(SequencerHost host, string prompt)
    {
        using var response = await host.Client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Bytes32.Parse(response.Headers.GetValues("X-OTR-Receipt-Digest").Single());
    }

    private Task<SequencerHost> StartAsync(RecordingBatchPoster poster, Action<BatchingOptions> batching) =>
        SequencerHost.StartAsync(
            _data.Path,
            [_executor],
            batching: b =>
            {
                b.Enabled = true;
                b.TickInterval = TimeSpan.FromMilliseconds(25);
                batching(b);
            },
            services: s =>
            {
                s.AddSingleton<IBatchPoster>(poster);
                s.AddSingleton<IMessageBus>(_bus);
            });
}
