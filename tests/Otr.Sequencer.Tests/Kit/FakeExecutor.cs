using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Otr.Api;
using Otr.Protocol;

namespace Otr.Sequencer.Tests.Kit;

/// <summary>
/// A stand-in executor on real Kestrel (loopback, ephemeral port) that speaks the Otr.Api contract
/// and signs real EIP-712 receipts with a test key. Its "model" answers with the bytes of
/// <c>"answer-{seed % 1000}"</c> as token ids, cut at max_tokens.
/// </summary>
public sealed class FakeExecutor : IAsyncDisposable
{
    public const string DefaultModel = "otr-demo-q8";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly byte[] _otherKey;
    private int _executeCalls;
    private int _identityCalls;

    private FakeExecutor(WebApplication app, byte[] key, string model, Eip712Domain domain)
    {
        _app = app;
        _key = key;
        _otherKey = Key(0x77);
        Model = model;
        Domain = domain;
        Address = ReceiptSigner.AddressOf(key);
    }

    public string Model { get; }

    public Eip712Domain Domain { get; }

    public string Address { get; }

    public Uri Url { get; private set; } = null!;

    public Misbehaviour Misbehaviour { get; set; }

    /// <summary>Identity model to report, when it should differ from the model served.</summary>
    public string? IdentityModel { get; set; }

    public int ExecuteCalls => _executeCalls;

    public int IdentityCalls => _identityCalls;

    public List<ExecuteRequest> Requests { get; } = [];

    public static byte[] Key(byte seed)
    {
        var key = new byte[32];
        key[31] = seed;
        key[0] = 0x01;
        return key;
    }

    public static async Task<FakeExecutor> StartAsync(Eip712Domain domain, byte keySeed = 1, string model = DefaultModel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var executor = new FakeExecutor(app, Key(keySeed), model, domain);
        app.MapGet("/v1/identity", executor.Identity);
        app.MapPost("/v1/execute", executor.ExecuteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        executor.Url = new Uri(address);
        return executor;
    }

    public static IReadOnlyList<int> Generate(ExecuteRequest request) =>
        [.. Encoding.ASCII.GetBytes($"answer-{request.Seed % 1000}").Take((int)request.MaxTokens).Select(b => (int)b)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Identity()
    {
        Interlocked.Increment(ref _identityCalls);
        return Results.Json(new { address = Address, model = IdentityModel ?? Model, weightsRoot = Bytes32.Zero.ToString(), chainId = Domain.ChainId, verifyingContract = Domain.VerifyingContract });
    }

    private async Task ExecuteAsync(HttpContext context)
    {
        Interlocked.Increment(ref _executeCalls);
        var request = (await context.Request.ReadFromJsonAsync<ExecuteRequest>(Json))!;
        lock (Requests)
        {
            Requests.Add(request);
        }

        if (Misbehaviour == Misbehaviour.Fail500)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new ApiError(new ApiErrorDetail("boom", "server_error")));
            return;
        }

        var tokens = Generate(request);
        var response = Answer(request, tokens);
        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(response, Json);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Misbehaviour == Misbehaviour.StreamBreaks && i == 2)
            {
                // Let the first lines reach the sequencer, then drop the connection.
                await Task.Delay(200);
                context.Abort();
                return;
            }

            var text = ((char)tokens[i]).ToString();
            if (Misbehaviour == Misbehaviour.StreamTextMismatch && i == 0)
            {
                text = "X";
            }

            await WriteLineAsync(context, new ExecuteStreamEvent("token", tokens[i], text));
        }

        await WriteLineAsync(context, new ExecuteStreamEvent("done", Result: response));
    }

    private static async Task WriteLineAsync(HttpContext context, ExecuteStreamEvent item)
    {
        await context.Response.WriteAsync(JsonSerializer.Serialize(item, Json) + "\n");
        await context.Response.Body.FlushAsync();
    }

    private ExecuteResponse Answer(ExecuteRequest request, IReadOnlyList<int> tokens)
    {
        var prompt = Misbehaviour == Misbehaviour.WrongPrompt ? request.Prompt + "!" : request.Prompt;
        var receipt = new Receipt(
            Bytes32.Parse(request.RequestId),
            ReceiptFields.ModelId(request.Model),
            ReceiptFields.PromptHash(prompt),
            ReceiptFields.ParamsHash(new DecodingParams(request.MaxTokens, request.TemperatureMilli, request.Seed)),
            ReceiptFields.OutputHash(tokens),
            Keccak.Hash(Encoding.UTF8.GetBytes("trace")),
            (ulong)(request.Prompt.Length + tokens.Count),
            Address,
            Misbehaviour == Misbehaviour.WrongNonce ? request.Nonce + 1 : request.Nonce,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var domain = Misbehaviour == Misbehaviour.WrongDomain ? Domain with { ChainId = Domain.ChainId + 1 } : Domain;
        SignedReceipt signed;
        if (Misbehaviour == Misbehaviour.WrongSigner)
        {
            signed = new SignedReceipt(receipt, ReceiptSigner.Sign(ReceiptHasher.Digest(receipt, domain), _otherKey), domain);
        }
        else
        {
            signed = SignedReceipt.Create(receipt, domain, _key);
        }

        var returned = Misbehaviour == Misbehaviour.TamperOutput ? [.. tokens.Select(t => t + 1)] : tokens;
        var text = new string([.. returned.Select(t => (char)t)]);
        var finish = tokens.Count >= (int)request.MaxTokens ? "length" : "stop";
        return new ExecuteResponse(request.Model, request.Prompt.Length, returned, text, finish, ReceiptJson.SerializeToElement(signed));
    }
}
