using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Otr.Kubernetes.Testing;

/// <summary>
/// An in-process Kubernetes API server (Kestrel on loopback) implementing the REST and watch
/// semantics the OTR operator relies on: list/get/create/update/merge-patch/delete, resourceVersion
/// and 409 conflicts, generation bumps on spec changes only, status subresources, streaming watches
/// with bookmarks, 410 Gone for compacted versions, server-side watch close, deletion with finalizers,
/// owner-reference garbage collection, and CRD schema validation (422 naming the field) evaluated from
/// the CRD YAML itself.
/// </summary>
public sealed partial class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<(string Group, string Plural), ResourceType> _types = [];
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();
    private readonly List<Fault> _faults = [];
    private int _nameCounter;

    private FakeKubernetesApiServer(WebApplication app, IEnumerable<ResourceType> types)
    {
        _app = app;
        foreach (var t in types)
            _types[(t.Group, t.Plural)] = t;
    }

    /// <summary>The storage (tests may read and write it directly, as a controller manager would).</summary>
    public ObjectStore Store { get; } = new();

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Interval of BOOKMARK events on watches that ask for them.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When true, a Deployment becomes fully ready right after each create or spec change (a stand-in kube-controller-manager).</summary>
    public bool AutoReadyDeployments { get; set; }

    /// <summary>Every request so far (method, path).</summary>
    public IReadOnlyCollection<(string Method, string Path)> Requests => _requests;

    /// <summary>Starts a server serving the built-in types plus the CRDs in <paramref name="crdYamlFiles"/>.</summary>
    public static async Task<FakeKubernetesApiServer> StartAsync(params string[] crdYamlFiles)
    {
        ArgumentNullException.ThrowIfNull(crdYamlFiles);
        var types = new List<ResourceType>(ResourceType.BuiltIn);
        foreach (var file in crdYamlFiles)
            types.Add(LoadCrd(await File.ReadAllTextAsync(file).ConfigureAwait(false)));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app, types);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    /// <summary>Reads a CRD manifest into the served type (scope, status subresource, schema with CEL rules).</summary>
    public static ResourceType LoadCrd(string yaml)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml);
        var version = crd.Spec.Versions.Single(v => v.Storage);
        return new ResourceType(
            crd.Spec.Group, version.Name, crd.Spec.Names.Plural, crd.Spec.Names.Kind,
            crd.Spec.Scope == "Namespaced", version.Subresources?.Status is not null, true,
            new SchemaValidator(version.Schema.OpenAPIV3Schema));
    }

    /// <summary>A KubernetesClient pointed at this server.</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = BaseUri.ToString() });

    /// <summary>The served type for (group, plural).</summary>
    public ResourceType Type(string group, string plural) => _types[(group, plural)];

    /// <summary>Fails the next <paramref name="count"/> requests matching <paramref name="match"/> (method, path) with <paramref name="code"/>.</summary>
    public void InjectFault(Func<string, string, bool> match, HttpStatusCode code, int count = 1)
    {
        lock (_faults)
            _faults.Add(new Fault(match, code, count));
    }

    /// <summary>Sets a Deployment's status as the deployment controller would: replicas, ready, available, observedGeneration.</summary>
    public void SetDeploymentReady(string ns, string name, int? readyReplicas = null)
    {
        var type = Type("apps", "deployments");
        Store.Locked(() =>
        {
            var obj = Store.Get(type, ns, name) ?? throw new InvalidOperationException($"deployment {ns}/{name} does not exist");
            var replicas = obj["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            var ready = readyReplicas ?? replicas;
            obj["status"] = new JsonObject
            {
                ["observedGeneration"] = obj["metadata"]!["generation"]!.GetValue<long>(),
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
            };
            return Store.Put(type, ns, name, obj);
        });
    }

    /// <summary>Creates or replaces an object directly in storage (no validation; like another controller's write).</summary>
    public JsonObject Seed(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj["metadata"]!.AsObject();
        meta["uid"] ??= Guid.NewGuid().ToString();
        meta["creationTimestamp"] ??= Now();
        if (type.HasGeneration)
            meta["generation"] ??= 1L;
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return Store.Put(type, meta["namespace"]?.GetValue<string>() ?? "", meta["name"]!.GetValue<string>(), obj);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Store.CloseWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue((request.Method, request.Path.Value ?? ""));
        if (TakeFault(request.Method, request.Path.Value ?? "") is { } faultCode)
        {
            await WriteStatusAsync(context, faultCode, "InternalError", "injected fault").ConfigureAwait(false);
            return;
        }

        if (!TryRoute(request.Path.Value ?? "", out var route))
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({request.Path})").ConfigureAwait(false);
            return;
        }

        try
        {
            switch (request.Method)
            {
                case "GET" when route.Name is null:
                    if (request.Query["watch"] is { Count: > 0 } w && (w[0] == "true" || w[0] == "1"))
                        await WatchAsync(context, route).ConfigureAwait(false);
                    else
                        await ListAsync(context, route).ConfigureAwait(false);
                    break;
                case "GET":
                    await GetAsync(context, route).ConfigureAwait(false);
                    break;
                case "POST" when route.Name is null:
                    await CreateAsync(context, route).ConfigureAwait(false);
                    break;
                case "PUT" when route.Name is not null:
                    await UpdateAsync(context, route, await ReadBodyAsync(request).ConfigureAwait(false)).ConfigureAwait(false);
                    break;
                case "PATCH" when route.Name is not null:
                    await PatchAsync(context, route).ConfigureAwait(false);
                    break;
                case "DELETE" when route.Name is not null:
                    await DeleteAsync(context, route).ConfigureAwait(false);
                    break;
                default:
                    await WriteStatusAsync(context, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not supported here").ConfigureAwait(false);
                    break;
            }
        }
        catch (JsonException e)
        {
            await WriteStatusAsync(context, HttpStatusCode.BadRequest, "BadRequest", "invalid JSON body: " + e.Message).ConfigureAwait(false);
        }
    }

    private HttpStatusCode? TakeFault(string method, string path)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Match(method, path));
            if (fault is null)
                return null;
            if (--fault.Remaining <= 0)
                _faults.Remove(fault);
            return fault.Code;
        }
    }

    private bool TryRoute(string path, out Route route)
    {
        route = default;
        var parts = path.Trim('/').Split('/');
        string group;
        int at;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            group = "";
            at = 2;
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            group = parts[1];
            at = 3;
        }
        else
        {
            return false;
        }

        string? ns = null;
        if (parts.Length > at + 1 && parts[at] == "namespaces" && parts.Length >= at + 3)
        {
            ns = parts[at + 1];
            at += 2;
        }

        if (parts.Length <= at || !_types.TryGetValue((group, parts[at]), out var type))
            return false;
        var name = parts.Length > at + 1 ? parts[at + 1] : null;
        var sub = parts.Length > at + 2 ? parts[at + 2] : null;
        if (parts.Length > at + 3 || (sub is not null && sub != "status"))
            return false;
        route = new Route(type, ns, name, sub == "status");
        return true;
    }

    private async Task ListAsync(HttpContext context, Route route)
    {
        var selector = LabelSelector.Parse(context.Request.Query["labelSelector"].FirstOrDefault());
        var (items, revision) = Store.List(route.Type, route.Type.Namespaced ? route.Namespace : null);
        var list = new JsonObject
        {
            ["apiVersion"] = route.Type.ApiVersion,
            ["kind"] = route.Type.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items.Where(selector.Matches)]),
        };
        await WriteJsonAsync(context, HttpStatusCode.OK, list).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, Route route)
    {
        var query = context.Request.Query;
        var selector = LabelSelector.Parse(query["labelSelector"].FirstOrDefault());
        var rvText = query["resourceVersion"].FirstOrDefault();
        long? from = string.IsNullOrEmpty(rvText) || rvText == "0" ? null : long.Parse(rvText, CultureInfo.InvariantCulture);
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() == "true";
        var timeout = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var watch = Store.OpenWatch(route.Type, route.Type.Namespaced ? route.Namespace : null, selector.Matches, from);
        if (watch is null)
        {
            var gone = new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = StatusObject(HttpStatusCode.Gone, "Expired", $"too old resource version: {from} ({Store.Revision})"),
            };
            await WriteLineAsync(context, gone).ConfigureAwait(false);
            return;
        }

        // Like the API server: headers go out at once (chunked), events follow as they happen.
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        end.CancelAfter(timeout);
        try
        {
            while (!end.IsCancellationRequested)
            {
                var read = watch.Events.Reader.WaitToReadAsync(end.Token).AsTask();
                var tick = bookmarks ? Task.Delay(BookmarkInterval, end.Token) : Task.Delay(Timeout.Infinite, end.Token);
                var first = await Task.WhenAny(read, tick).ConfigureAwait(false);
                if (first == read)
                {
                    if (!await read.ConfigureAwait(false))
                        break; // closed by the server
                    while (watch.Events.Reader.TryRead(out var e))
                        await WriteLineAsync(context, new JsonObject { ["type"] = e.EventType, ["object"] = e.Object.DeepClone() }).ConfigureAwait(false);
                }
                else if (bookmarks && !end.IsCancellationRequested)
                {
                    var bookmark = new JsonObject
                    {
                        ["type"] = "BOOKMARK",
                        ["object"] = new JsonObject
                        {
                            ["apiVersion"] = route.Type.ApiVersion,
                            ["kind"] = route.Type.Kind,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = Store.Revision.ToString(CultureInfo.InvariantCulture) },
                        },
                    };
                    await WriteLineAsync(context, bookmark).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeout or client gone
        }
        catch (IOException)
        {
            // client gone
        }
        finally
        {
            watch.Close();
        }
    }

    private async Task GetAsync(HttpContext context, Route route)
    {
        var obj = Store.Get(route.Type, route.StoreNamespace, route.Name!);
        if (obj is null)
            await WriteNotFoundAsync(context, route).ConfigureAwait(false);
        else
            await WriteJsonAsync(context, HttpStatusCode.OK, obj).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context, Route route)
    {
        var obj = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        var meta = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = meta;
        if (meta["name"] is null && meta["generateName"]?.GetValue<string>() is { } prefix)
            meta["name"] = prefix + Interlocked.Increment(ref _nameCounter).ToString("x5", CultureInfo.InvariantCulture);
        if (meta["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            await WriteInvalidAsync(context, route.Type, "", [new("metadata.name", "FieldValueRequired", "metadata.name: Required value: name or generateName is required")]).ConfigureAwait(false);
            return;
        }

        if (route.Type.Namespaced)
            meta["namespace"] = route.Namespace;
        obj["apiVersion"] = route.Type.ApiVersion;
        obj["kind"] = route.Type.Kind;
        if (route.Type.HasStatus && route.Type.Schema is not null)
            obj.Remove("status");
        if (route.Type.Schema is { } schema && schema.Validate(obj, null) is { Count: > 0 } errors)
        {
            await WriteInvalidAsync(context, route.Type, name, errors).ConfigureAwait(false);
            return;
        }

        var created = Store.Locked(() =>
        {
            if (Store.Get(route.Type, route.StoreNamespace, name) is not null)
                return null;
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Now();
            meta.Remove("deletionTimestamp");
            if (route.Type.HasGeneration)
                meta["generation"] = 1L;
            if (route.Type.Kind == "Service" && obj["spec"] is JsonObject spec && spec["clusterIP"] is null)
            {
                var ip = $"10.96.{(_nameCounter / 250) % 250}.{(Interlocked.Increment(ref _nameCounter) % 250) + 1}";
                spec["clusterIP"] = ip;
                spec["clusterIPs"] = new JsonArray(ip);
            }

            return Store.Put(route.Type, route.StoreNamespace, name, obj);
        });
        if (created is null)
        {
            await WriteStatusAsync(context, HttpStatusCode.Conflict, "AlreadyExists", $"{route.Type.Plural} \"{name}\" already exists").ConfigureAwait(false);
            return;
        }

        AfterWrite(route.Type, created, null);
        await WriteJsonAsync(context, HttpStatusCode.Created, created).ConfigureAwait(false);
        CollectIfDangling(route.Type, route.StoreNamespace, name, created);
    }

    /// <summary>
    /// The garbage collector's answer to a dependent created after its owners were deleted (a controller
    /// racing the deletion): the create succeeds, then the object is collected because none of its owners exists.
    /// </summary>
    private void CollectIfDangling(ResourceType type, string ns, string name, JsonObject created)
    {
        if (created["metadata"]!["ownerReferences"] is not JsonArray { Count: > 0 } owners)
            return;
        var gone = Store.Locked(() =>
            owners.Any(o => OwnerExists(o!)) ? null : Store.Remove(type, ns, name));
        if (gone is not null)
            CollectGarbage(gone);
    }

    private async Task UpdateAsync(HttpContext context, Route route, JsonObject body)
    {
        var name = route.Name!;
        string? failure = null;
        List<FieldError>? invalid = null;
        JsonObject? previous = null;
        var result = Store.Locked(() =>
        {
            var current = Store.Get(route.Type, route.StoreNamespace, name);
            if (current is null)
            {
                failure = "NotFound";
                return null;
            }

            var wantedRv = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(wantedRv) && wantedRv != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                failure = "Conflict";
                return null;
            }

            var next = Merge(route, current, body);
            if (route.Type.Schema is { } schema && schema.Validate(next, current) is { Count: > 0 } errors)
            {
                invalid = errors;
                return null;
            }

            previous = current;
            var meta = next["metadata"]!.AsObject();
            if (meta["deletionTimestamp"] is not null && (meta["finalizers"] as JsonArray)?.Count is null or 0)
            {
                Store.Remove(route.Type, route.StoreNamespace, name);
                return next;
            }

            return Store.Put(route.Type, route.StoreNamespace, name, next);
        });

        if (failure == "NotFound")
        {
            await WriteNotFoundAsync(context, route).ConfigureAwait(false);
            return;
        }

        if (failure == "Conflict")
        {
            await WriteStatusAsync(context, HttpStatusCode.Conflict, "Conflict",
                $"Operation cannot be fulfilled on {route.Type.Plural}.{route.Type.Group} \"{name}\": the object has been modified; please apply your changes to the latest version and try again").ConfigureAwait(false);
            return;
        }

        if (invalid is not null)
        {
            await WriteInvalidAsync(context, route.Type, name, invalid).ConfigureAwait(false);
            return;
        }

        if (Store.Get(route.Type, route.StoreNamespace, name) is null)
            CollectGarbage(result!);
        else
            AfterWrite(route.Type, result!, previous);
        await WriteJsonAsync(context, HttpStatusCode.OK, result!).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, Route route)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal) &&
            !contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            await WriteStatusAsync(context, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"patch type {contentType} is not supported by this server").ConfigureAwait(false);
            return;
        }

        var patch = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        var current = Store.Get(route.Type, route.StoreNamespace, route.Name!);
        if (current is null)
        {
            await WriteNotFoundAsync(context, route).ConfigureAwait(false);
            return;
        }

        // A patch applies to the current object; a resourceVersion in the patch makes it conditional.
        var patched = (JsonObject)JsonMergePatch.Apply(current, patch)!;
        if (patch["metadata"]?["resourceVersion"] is null)
            patched["metadata"]!["resourceVersion"] = current["metadata"]!["resourceVersion"]!.DeepClone();
        await UpdateAsync(context, route, patched).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, Route route)
    {
        var name = route.Name!;
        var (removed, marked) = Store.Locked<(JsonObject?, JsonObject?)>(() =>
        {
            var current = Store.Get(route.Type, route.StoreNamespace, name);
            if (current is null)
                return (null, null);
            var meta = current["metadata"]!.AsObject();
            if ((meta["finalizers"] as JsonArray)?.Count > 0)
            {
                if (meta["deletionTimestamp"] is null)
                {
                    meta["deletionTimestamp"] = Now();
                    if (route.Type.HasGeneration)
                        meta["generation"] = meta["generation"]!.GetValue<long>() + 1;
                    return (null, Store.Put(route.Type, route.StoreNamespace, name, current));
                }

                return (null, current);
            }

            return (Store.Remove(route.Type, route.StoreNamespace, name), null);
        });
        if (removed is null && marked is null)
        {
            await WriteNotFoundAsync(context, route).ConfigureAwait(false);
            return;
        }

        if (removed is not null)
            CollectGarbage(removed);
        await WriteJsonAsync(context, HttpStatusCode.OK, removed ?? marked!).ConfigureAwait(false);
    }

    /// <summary>Deletes dependents whose owners are all gone (background propagation), recursively.</summary>
    private void CollectGarbage(JsonObject deleted)
    {
        var pending = new Queue<string>();
        pending.Enqueue(deleted["metadata"]!["uid"]!.GetValue<string>());
        while (pending.TryDequeue(out var uid))
        {
            foreach (var (type, obj) in Store.All())
            {
                var meta = obj["metadata"]!.AsObject();
                if (meta["ownerReferences"] is not JsonArray owners || !owners.Any(o => o?["uid"]?.GetValue<string>() == uid))
                    continue;
                var ns = meta["namespace"]?.GetValue<string>() ?? "";
                var name = meta["name"]!.GetValue<string>();
                var remaining = owners.Where(o => o?["uid"]?.GetValue<string>() != uid && OwnerExists(o!)).ToList();
                if (remaining.Count > 0)
                    continue;
                if (Store.Remove(type, ns, name) is { } gone)
                    pending.Enqueue(gone["metadata"]!["uid"]!.GetValue<string>());
            }
        }
    }

    private bool OwnerExists(JsonNode owner)
    {
        var uid = owner["uid"]?.GetValue<string>();
        return Store.All().Any(p => p.Object["metadata"]!["uid"]?.GetValue<string>() == uid);
    }

    private void AfterWrite(ResourceType type, JsonObject written, JsonObject? previous)
    {
        if (!AutoReadyDeployments || type.Kind != "Deployment" || type.Group != "apps")
            return;
        var generation = written["metadata"]!["generation"]!.GetValue<long>();
        if (previous is not null && previous["metadata"]!["generation"]!.GetValue<long>() == generation)
            return;
        SetDeploymentReady(written["metadata"]!["namespace"]!.GetValue<string>(), written["metadata"]!["name"]!.GetValue<string>());
    }

    /// <summary>The object an update stores: main writes keep status (and server-owned metadata), status writes keep all but status.</summary>
    private static JsonObject Merge(Route route, JsonObject current, JsonObject body)
    {
        var next = (JsonObject)body.DeepClone();
        next["apiVersion"] = route.Type.ApiVersion;
        next["kind"] = route.Type.Kind;
        var meta = next["metadata"] as JsonObject ?? [];
        next["metadata"] = meta;
        var oldMeta = current["metadata"]!.AsObject();
        if (route.Status)
        {
            var status = next["status"]?.DeepClone();
            next = (JsonObject)current.DeepClone();
            if (status is null)
                next.Remove("status");
            else
                next["status"] = status;
            return next;
        }

        foreach (var key in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation", "resourceVersion" })
        {
            if (oldMeta[key] is { } v)
                meta[key] = v.DeepClone();
            else
                meta.Remove(key);
        }

        if (route.Type.HasStatus)
        {
            if (current["status"] is { } status)
                next["status"] = status.DeepClone();
            else
                next.Remove("status");
        }

        if (route.Type.HasGeneration && !JsonNode.DeepEquals(Spec(current), Spec(next)))
            meta["generation"] = oldMeta["generation"]!.GetValue<long>() + 1;
        return next;
    }

    /// <summary>Everything but metadata and status: what a generation counts changes of.</summary>
    private static JsonObject Spec(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        return copy;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the body is not a JSON object");
    }

    private static JsonObject StatusObject(HttpStatusCode code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = (int)code,
    };

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message, JsonObject? details = null) =>
        WriteJsonAsync(context, code, StatusObject(code, reason, message, details));

    private static Task WriteNotFoundAsync(HttpContext context, Route route) =>
        WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"{route.Type.Plural}.{route.Type.Group} \"{route.Name}\" not found");

    private static Task WriteInvalidAsync(HttpContext context, ResourceType type, string name, List<FieldError> errors)
    {
        var message = $"{type.QualifiedKind} \"{name}\" is invalid: " + (errors.Count == 1 ? errors[0].Message : "[" + string.Join(", ", errors.Select(e => e.Message)) + "]");
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field })]),
        };
        return WriteStatusAsync(context, HttpStatusCode.UnprocessableEntity, "Invalid", message, details);
    }

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonNode body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task WriteLineAsync(HttpContext context, JsonNode line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n").ConfigureAwait(false);
        await context.Response.Body.FlushAsync().ConfigureAwait(false);
    }

    private readonly record struct Route(ResourceType Type, string? Namespace, string? Name, bool Status)
    {
        public string StoreNamespace => Type.Namespaced ? Namespace ?? "" : "";
    }

    private sealed class Fault(Func<string, string, bool> match, HttpStatusCode code, int count)
    {
        public Func<string, string, bool> Match { get; } = match;

        public HttpStatusCode Code { get; } = code;

        public int Remaining { get; set; } = count;
    }
}
