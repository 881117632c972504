using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Otr.Kubernetes.Testing;
using Otr.Operator.Entities;

namespace Otr.Operator.Tests;

/// <summary>The in-test API server keeps the Kubernetes semantics the operator relies on (driven through KubernetesClient).</summary>
public sealed class FakeApiServerTests
{
    [Fact]
    public async Task StaleResourceVersion_Conflicts_AndGenerationMovesOnlyWithSpec()
    {
        await using var h = await Harness.StartAsync();
        await h.CreateModelAsync(Pools.Model("m", tee: TeeTechnology.Sgx));
        var first = await h.GetModelAsync("m");
        Assert.Equal(1, first.Metadata.Generation);

        first.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        var relabeled = await h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<InferenceModel>(first, OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "m");
        Assert.Equal(1, relabeled.Metadata.Generation);

        first.Spec.Replicas = 4;
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<InferenceModel>(first, OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "m"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);

        relabeled.Spec.Replicas = 4;
        relabeled.Status = new InferenceModelStatus { Pool = "ignored-by-main-update" };
        var updated = await h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<InferenceModel>(relabeled, OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "m");
        Assert.Equal(2, updated.Metadata.Generation);
        Assert.Null(updated.Status);

        updated.Status = new InferenceModelStatus { Pool = "p", ObservedGeneration = 2 };
        updated.Spec.Replicas = 9;
        var status = await h.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<InferenceModel>(updated, OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "m");
        Assert.Equal(("p", 4, 2L), (status.Status!.Pool, status.Spec.Replicas, status.Metadata.Generation!.Value));
    }

    [Fact]
    public async Task Finalizers_HoldDeletion_AndOwnerReferences_AreGarbageCollected()
    {
        await using var h = await Harness.StartAsync();
        var model = Pools.Model("owner", tee: TeeTechnology.Sgx);
        model.Metadata.Finalizers = ["otr.dev/test"];
        await h.CreateModelAsync(model);
        var stored = await h.GetModelAsync("owner");
        var cm = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "child",
                OwnerReferences = [new V1OwnerReference { ApiVersion = OtrApi.ApiVersion, Kind = OtrApi.InferenceModelKind, Name = "owner", Uid = stored.Metadata.Uid }],
            },
        };
        await h.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Harness.Namespace);
        var grandchild = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "grandchild", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "child", Uid = (await h.Client.CoreV1.ReadNamespacedConfigMapAsync("child", Harness.Namespace)).Metadata.Uid }] } };
        await h.Client.CoreV1.CreateNamespacedConfigMapAsync(grandchild, Harness.Namespace);

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "owner");
        var deleting = await h.GetModelAsync("owner");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(2, (await h.Client.CoreV1.ListNamespacedConfigMapAsync(Harness.Namespace)).Items.Count);

        await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch),
            OtrApi.Group, OtrApi.Version, Harness.Namespace, OtrApi.InferenceModelPlural, "owner");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => h.GetModelAsync("owner"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        Assert.Empty((await h.Client.CoreV1.ListNamespacedConfigMapAsync(Harness.Namespace)).Items);
    }

    [Fact]
    public async Task DependentsCreatedAfterTheirOwnerIsGone_AreCollected()
    {
        await using var h = await Harness.StartAsync();
        var orphan = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "late-child",
                OwnerReferences = [new V1OwnerReference { ApiVersion = OtrApi.ApiVersion, Kind = OtrApi.InferenceModelKind, Name = "deleted", Uid = Guid.NewGuid().ToString() }],
            },
        };
        var created = await h.Client.CoreV1.CreateNamespacedConfigMapAsync(orphan, Harness.Namespace);
        Assert.Equal("late-child", created.Metadata.Name);
        await Harness.EventuallyAsync(async () => (await h.Client.CoreV1.ListNamespacedConfigMapAsync(Harness.Namespace)).Items.Count == 0, "the dangling dependent is collected");

        await h.CreateModelAsync(Pools.Model("alive", tee: TeeTechnology.Sgx));
        var owner = await h.GetModelAsync("alive");
        orphan.Metadata.Name = "kept-child";
        orphan.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = OtrApi.ApiVersion, Kind = OtrApi.InferenceModelKind, Name = "alive", Uid = owner.Metadata.Uid }];
        await h.Client.CoreV1.CreateNamespacedConfigMapAsync(orphan, Harness.Namespace);
        Assert.Single((await h.Client.CoreV1.ListNamespacedConfigMapAsync(Harness.Namespace)).Items);
    }

    [Fact]
    public async Task Watch_StreamsEvents_Bookmarks_AndGoneForCompactedVersions()
    {
        await using var h = await Harness.StartAsync();
        h.Server.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        var list = await h.Client.CoreV1.ListNamespacedConfigMapAsync(Harness.Namespace);
        await h.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, Harness.Namespace);
        var seen = new List<WatchEventType>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, _) in h.Client.CoreV1.WatchListNamespacedConfigMapAsync(Harness.Namespace, allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            seen.Add(type);
            if (type == WatchEventType.Bookmark)
                break;
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], seen);

        h.Server.Store.Compact();
        KubernetesException? gone = null;
        await foreach (var _ in h.Client.CoreV1.WatchListNamespacedConfigMapAsync(Harness.Namespace, resourceVersion: list.Metadata.ResourceVersion, onError: ex => gone = ex as KubernetesException, cancellationToken: cts.Token))
        {
        }

        Assert.Equal(410, gone?.Status.Code);
    }

    [Fact]
    public async Task ServerCloses_EndTheWatchStream()
    {
        await using var h = await Harness.StartAsync();
        var list = await h.Client.CoreV1.ListNodeAsync();
        var received = 0;
        var watch = Task.Run(async () =>
        {
            await foreach (var _ in h.Client.CoreV1.WatchListNodeAsync(resourceVersion: list.Metadata.ResourceVersion))
                Interlocked.Increment(ref received);
        });
        await Harness.EventuallyAsync(() => Task.FromResult(h.Server.Store.OpenWatches == 1), "the watch is open");
        await h.AddNodeAsync("n1", new Dictionary<string, string>());
        await Harness.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref received) == 1), "the event arrived");
        Assert.Equal(1, h.Server.Store.CloseWatches());
        await watch.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, h.Server.Store.OpenWatches);
    }

    [Theory]
    [InlineData("self == oldSelf", "\"a\"", "\"a\"", true)]
    [InlineData("self == oldSelf", "\"a\"", "\"b\"", false)]
    [InlineData("has(self.a) != has(self.b)", """{"a":1}""", null, true)]
    [InlineData("has(self.a) != has(self.b)", """{"a":1,"b":2}""", null, false)]
    [InlineData("has(self.a) != has(self.b)", "{}", null, false)]
    [InlineData("!has(self.d) || !self.d", """{"d":false}""", null, true)]
    [InlineData("!has(self.d) || !self.d", """{"d":true}""", null, false)]
    [InlineData("!has(self.d) || !self.d", "{}", null, true)]
    [InlineData("self.x == 'y' && self.n == 3", """{"x":"y","n":3}""", null, true)]
    [InlineData("self.missing == 1", "{}", null, false)]
    public void Cel_EvaluatesTheSubset(string rule, string self, string? old, bool expected) =>
        Assert.Equal(expected, Cel.Parse(rule).Evaluate(JsonNode.Parse(self), old is null ? null : JsonNode.Parse(old)));

    [Theory]
    [InlineData("size(self) > 0")]
    [InlineData("self.all(x, x > 0)")]
    [InlineData("self < 3")]
    public void Cel_RejectsWhatItCannotEvaluate(string rule) =>
        Assert.Throws<NotSupportedException>(() => Cel.Parse(rule));

    [Fact]
    public void MergePatch_FollowsRfc7386()
    {
        var target = JsonNode.Parse("""{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}""");
        var patch = JsonNode.Parse("""{"a":"z","c":{"f":null},"l":[3]}""");
        Assert.Equal("""{"a":"z","c":{"d":"e"},"l":[3]}""", JsonMergePatch.Apply(target, patch)!.ToJsonString());
    }
}
