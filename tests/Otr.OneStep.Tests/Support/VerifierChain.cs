using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Otr.Chain.Anvil;
using Otr.Inference.Fine;
using Otr.Protocol;

namespace Otr.OneStep.Tests.Support;

/// <summary>The outcome of one <c>eth_call</c>: the return data, or the custom error's name, and the gas estimate.</summary>
internal sealed record CallResult(byte[]? Output, string? Error, string? RawError, long Gas)
{
    public Bytes32 Leaf => Output is null
        ? throw new InvalidOperationException($"call reverted: {Error} {RawError}")
        : new Bytes32(Output.AsSpan(0, 32));

    public ulong AsUInt(int word = 0) => Output is null
        ? throw new InvalidOperationException($"call reverted: {Error} {RawError}")
        : BinaryPrimitives.ReadUInt64BigEndian(Output.AsSpan((32 * word) + 24, 8));
}

/// <summary>
/// One Anvil per test class with <c>Q8OneStepVerifier</c> deployed from the forge build output
/// (<c>contracts/out</c>; built with forge when missing). Calls are raw <c>eth_call</c>s so revert data
/// (custom errors) can be decoded by name.
/// </summary>
public sealed class VerifierChain : IAsyncLifetime
{
    private const string ArtifactPath = "contracts/out/Q8OneStepVerifier.sol/Q8OneStepVerifier.json";
    private const long BlockGas = 30_000_000;
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _selectors = new(StringComparer.Ordinal);
    private AnvilNode? _node;
    private string _address = "";
    private long _id;

    public async ValueTask InitializeAsync()
    {
        var artifact = await LoadArtifactAsync();
        using var doc = JsonDocument.Parse(artifact);
        var abi = doc.RootElement.GetProperty("abi");
        foreach (var entry in abi.EnumerateArray())
        {
            var kind = entry.GetProperty("type").GetString();
            if (kind is "error" or "function")
            {
                var name = entry.GetProperty("name").GetString()!;
                var selector = Selector($"{name}({string.Join(",", entry.GetProperty("inputs").EnumerateArray().Select(CanonicalType))})");
                if (kind == "error")
                {
                    _errors[selector] = name;
                }
                else
                {
                    _selectors[name] = selector;
                }
            }
        }

        _node = await AnvilNode.StartAsync(new AnvilOptions { Accounts = 1, ExtraArguments = ["--gas-limit", BlockGas.ToString(CultureInfo.InvariantCulture)] });
        var web3 = new Web3(new Account(_node.DevPrivateKeys[0], _node.ChainId), _node.RpcUrl);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            abi.GetRawText(), doc.RootElement.GetProperty("bytecode").GetProperty("object").GetString(), _node.DevAddresses[0], new HexBigInteger(BlockGas));
        _address = receipt.ContractAddress ?? throw new InvalidOperationException("Q8OneStepVerifier deployment gave no address");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    internal Task<CallResult> FineLeafAsync(StepContext ctx, byte[] witness, bool measureGas = false) =>
        CallAsync(Concat(Hex(_selectors["fineLeaf"]), Context(ctx), Word(10 * 32), Dynamic(witness)), measureGas);

    internal Task<CallResult> FineLengthAsync(StepContext ctx, byte[] witness) =>
        CallAsync(Concat(Hex(_selectors["fineLength"]), Context(ctx), Word(10 * 32), Dynamic(witness)));

    internal Task<CallResult> ExpectedTraceLengthAsync(Bytes32 weightsRoot, uint promptTokens, uint outputTokens, byte[] witness) =>
        CallAsync(Concat(Hex(_selectors["expectedTraceLength"]), weightsRoot.ToArray(), Word(promptTokens), Word(outputTokens), Word(4 * 32), Dynamic(witness)));

    internal Task<CallResult> EosTokenAsync(Bytes32 weightsRoot, byte[] witness) =>
        CallAsync(Concat(Hex(_selectors["eosToken"]), weightsRoot.ToArray(), Word(2 * 32), Dynamic(witness)));

    internal Task<CallResult> RequestContextAsync(byte[] promptText, IReadOnlyList<int> outputTokens)
    {
        var array = new List<byte[]> { Word((ulong)outputTokens.Count) };
        array.AddRange(outputTokens.Select(t => Word((ulong)t)));
        var text = Dynamic(promptText);
        return CallAsync(Concat(Hex(_selectors["requestContext"]), Word(2 * 32), Word((ulong)(2 * 32) + (ulong)text.Length), text, Concat([.. array])));
    }

    private async Task<CallResult> CallAsync(byte[] data, bool measureGas = false)
    {
        var tx = new Dictionary<string, string> { ["to"] = _address, ["data"] = "0x" + Convert.ToHexStringLower(data), ["gas"] = "0x" + BlockGas.ToString("x", CultureInfo.InvariantCulture) };
        var (result, error) = await RpcAsync("eth_call", [tx, "latest"]);
        if (error is { } e)
        {
            var raw = e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : e.GetRawText();
            var name = raw.Length >= 10 && _errors.TryGetValue(raw[..10], out var n) ? n : null;
            return new CallResult(null, name ?? "unknown", raw, 0);
        }

        var output = Convert.FromHexString(result!.Value.GetString()![2..]);
        if (!measureGas)
        {
            return new CallResult(output, null, null, 0);
        }

        var (gas, gasError) = await RpcAsync("eth_estimateGas", [tx]);
        if (gasError is not null)
        {
            throw new InvalidOperationException($"eth_estimateGas failed where eth_call succeeded: {gasError}");
        }

        return new CallResult(output, null, null, Convert.ToInt64(gas!.Value.GetString(), 16));
    }

    private async Task<(JsonElement? Result, JsonElement? Error)> RpcAsync(string method, object[] parameters)
    {
        var node = _node ?? throw new InvalidOperationException("fixture not initialised");
        var request = new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters };
        using var response = await _http.PostAsJsonAsync(node.RpcUrl, request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("error", out var error)
            ? (null, error.Clone())
            : (doc.RootElement.GetProperty("result").Clone(), null);
    }

    private static async Task<string> LoadArtifactAsync()
    {
        var path = Path.Combine(RepoPaths.Root, ArtifactPath);
        await BuildLock.WaitAsync();
        try
        {
            // Tools that compile for their own purposes (e.g. forge lint) can leave an ABI-only artifact behind a
            // fresh cache: rebuild from scratch then.
            var complete = File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains("\"deployedBytecode\"", StringComparison.Ordinal);
            if (!complete)
            {
                var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "tools/bin/forge"), File.Exists(path) ? "build --force" : "build")
                {
                    WorkingDirectory = Path.Combine(RepoPaths.Root, "contracts"),
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var forge = Process.Start(psi) ?? throw new InvalidOperationException("cannot start forge");
                var output = await forge.StandardOutput.ReadToEndAsync() + await forge.StandardError.ReadToEndAsync();
                await forge.WaitForExitAsync();
                if (forge.ExitCode != 0 || !File.Exists(path) || !(await File.ReadAllTextAsync(path)).Contains("\"deployedBytecode\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"forge build failed ({forge.ExitCode}): {output}");
                }
            }
        }
        finally
        {
            BuildLock.Release();
        }

        return await File.ReadAllTextAsync(path);
    }

    /// <summary>The ABI canonical type of a parameter (tuples spelled out as their components).</summary>
    private static string CanonicalType(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        return type.StartsWith("tuple", StringComparison.Ordinal)
            ? $"({string.Join(",", parameter.GetProperty("components").EnumerateArray().Select(CanonicalType))}){type[5..]}"
            : type;
    }

    private static string Selector(string signature) =>
        "0x" + Convert.ToHexStringLower(Keccak.Hash(Encoding.UTF8.GetBytes(signature)).Span[..4]);

    private static byte[] Context(StepContext c) => Concat(
        c.WeightsRoot.ToArray(), c.ParamsHash.ToArray(), c.TokensHash.ToArray(), Word(c.PromptTokens), Word(c.OutputTokens),
        Word(c.CoarseIndex), c.CoarsePrefixRoot.ToArray(), Word(c.FineIndex), c.FinePrefixRoot.ToArray());

    private static byte[] Word(ulong value)
    {
        var w = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(w.AsSpan(24), value);
        return w;
    }

    private static byte[] Dynamic(byte[] data)
    {
        var padded = new byte[(data.Length + 31) / 32 * 32];
        data.CopyTo(padded, 0);
        return Concat(Word((ulong)data.Length), padded);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
