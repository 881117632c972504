using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nethereum.Signer;

namespace Otr.Chain.Anvil;

/// <summary>
/// A running Anvil process on loopback, started from the project-installed binary
/// (<c>tools/bin/anvil</c>, put there by <c>tools/setup.sh</c>). Disposing it stops the process
/// gracefully (so a <see cref="AnvilOptions.StatePath"/> is written) and then kills what is left.
/// </summary>
public sealed partial class AnvilNode : IAsyncDisposable
{
    private const int MaxPortAttempts = 5;

    private readonly Process _process;
    private readonly AnvilOutput _output;
    private readonly AnvilRpc _rpc;
    private readonly TimeSpan _shutdownTimeout;
    private int _disposed;

    private AnvilNode(Process process, AnvilOutput output, int port, ulong chainId, IReadOnlyList<string> keys, TimeSpan shutdownTimeout)
    {
        _process = process;
        _output = output;
        _shutdownTimeout = shutdownTimeout;
        Port = port;
        RpcUrl = $"http://127.0.0.1:{port}";
        ChainId = chainId;
        DevPrivateKeys = keys;
        DevAddresses = keys.Select(EthECKey.GetPublicAddress).ToArray();
        _rpc = new AnvilRpc(new Uri(RpcUrl));
    }

    /// <summary>The HTTP JSON-RPC endpoint, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string RpcUrl { get; }

    /// <summary>The loopback port the node listens on.</summary>
    public int Port { get; }

    /// <summary>The chain id the node reported at start.</summary>
    public ulong ChainId { get; }

    /// <summary>
    /// 0x-prefixed private keys of the funded dev accounts (Anvil's default mnemonic), in account order.
    /// Publicly known: for local chains only.
    /// </summary>
    public IReadOnlyList<string> DevPrivateKeys { get; }

    /// <summary>Checksummed addresses of <see cref="DevPrivateKeys"/>, in the same order.</summary>
    public IReadOnlyList<string> DevAddresses { get; }

    /// <summary>The process id of the Anvil process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The most recent lines Anvil wrote to stdout/stderr, for diagnostics.</summary>
    public string RecentOutput => _output.Snapshot();

    /// <summary>
    /// Starts Anvil and returns once it answers <c>eth_chainId</c>.
    /// </summary>
    /// <exception cref="AnvilException">
    /// The binary is missing (run <c>tools/setup.sh</c>), the requested port is busy, or the node did
    /// not come up in time; the message carries Anvil's output.
    /// </exception>
    public static async Task<AnvilNode> StartAsync(AnvilOptions? options = null, CancellationToken ct = default)
    {
        options ??= new AnvilOptions();
        if (options.Accounts < 1)
            throw new ArgumentException($"{nameof(AnvilOptions)}.{nameof(AnvilOptions.Accounts)} must be at least 1 (was {options.Accounts}).", nameof(options));
        if (options.Port is < 1 or > 65535)
            throw new ArgumentException($"{nameof(AnvilOptions)}.{nameof(AnvilOptions.Port)} must be 1..65535 (was {options.Port}).", nameof(options));

        var binary = AnvilBinary.Locate(options);
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreeLoopbackPort();
            if (options.Port is { } fixedPort && !IsPortFree(fixedPort))
                throw new AnvilException($"Cannot start Anvil: port {fixedPort} on 127.0.0.1 is already in use.");
            try
            {
                return await LaunchAsync(binary, port, options, ct).ConfigureAwait(false);
            }
            catch (PortBusyException) when (options.Port is null && attempt < MaxPortAttempts)
            {
                // Another process took the probed port between our probe and Anvil's bind: pick another.
            }
            catch (PortBusyException e)
            {
                throw new AnvilException($"Cannot start Anvil: port {port} on 127.0.0.1 is already in use.{Environment.NewLine}{e.Message}");
            }
        }
    }

    /// <summary>Advances the timestamp of the next block by <paramref name="seconds"/> (<c>evm_increaseTime</c>).</summary>
    public Task IncreaseTimeAsync(ulong seconds, CancellationToken ct = default) =>
        _rpc.CallAsync("evm_increaseTime", [seconds], ct);

    /// <summary>Mines <paramref name="blocks"/> blocks at once (<c>evm_mine</c> / <c>anvil_mine</c>).</summary>
    public Task MineAsync(int blocks = 1, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        return blocks == 1
            ? _rpc.CallAsync("evm_mine", [], ct)
            : _rpc.CallAsync("anvil_mine", ["0x" + blocks.ToString("x", CultureInfo.InvariantCulture)], ct);
    }

    /// <summary>Turns automine on or off (<c>evm_setAutomine</c>); with it off, transactions wait in the pool until <see cref="MineAsync"/>.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken ct = default) =>
        _rpc.CallAsync("evm_setAutomine", [enabled], ct);

    /// <summary>Sends any JSON-RPC request to the node and returns its <c>result</c>.</summary>
    /// <exception cref="AnvilException">The node answered with an error.</exception>
    public Task<JsonElement> RpcAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default) =>
        _rpc.CallAsync(method, parameters, ct);

    /// <summary>Stops the node: SIGTERM first (Anvil then writes its state file), then kills the process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _rpc.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                if (!OperatingSystem.IsWindows())
                    _ = SysKill(_process.Id, SigTerm);
                using var timeout = new CancellationTokenSource(_shutdownTimeout);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The process is already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task<AnvilNode> LaunchAsync(string binary, int port, AnvilOptions options, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in BuildArguments(port, options))
            psi.ArgumentList.Add(arg);

        var output = new AnvilOutput();
        Process process;
        try
        {
            process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AnvilException($"Cannot run Anvil at '{binary}': {e.Message}. Run tools/setup.sh to install it.", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = default(AnvilNode);
        try
        {
            var chainId = await WaitUntilReadyAsync(process, output, port, options.StartupTimeout, ct).ConfigureAwait(false);
            var keys = await ReadKeysAsync(output, options.Accounts, ct).ConfigureAwait(false);
            node = new AnvilNode(process, output, port, chainId, keys, options.ShutdownTimeout);
            return node;
        }
        finally
        {
            if (node is null)
            {
                try
                {
                    if (!process.HasExited)
                        process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
                process.Dispose();
            }
        }
    }

    private static List<string> BuildArguments(int port, AnvilOptions options)
    {
        var args = new List<string>
        {
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--accounts", options.Accounts.ToString(CultureInfo.InvariantCulture),
        };
        if (options.BlockTime is { } blockTime)
        {
            if (blockTime <= TimeSpan.Zero)
                throw new ArgumentException($"{nameof(AnvilOptions)}.{nameof(AnvilOptions.BlockTime)} must be positive (was {blockTime}).", nameof(options));
            args.Add("--block-time");
            args.Add(blockTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }
        if (options.StatePath is { } state)
        {
            var full = Path.GetFullPath(state);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            args.Add("--state");
            args.Add(full);
            if (options.StateInterval is { } interval)
            {
                args.Add("--state-interval");
                args.Add(Math.Max(1, (long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
        }
        args.AddRange(options.ExtraArguments);
        return args;
    }

    private static async Task<ulong> WaitUntilReadyAsync(Process process, AnvilOutput output, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var rpc = new AnvilRpc(new Uri($"http://127.0.0.1:{port}"));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false); // flushes the output readers
                var text = output.Snapshot();
                if (text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                    throw new PortBusyException(text);
                throw new AnvilException($"Anvil exited with code {process.ExitCode} before it was ready. Output:{Environment.NewLine}{text}");
            }
            try
            {
                var result = await rpc.CallAsync("eth_chainId", [], ct).ConfigureAwait(false);
                return ulong.Parse(result.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or AnvilException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
                throw new AnvilException($"Anvil did not answer eth_chainId on port {port} within {timeout}. Output:{Environment.NewLine}{output.Snapshot()}");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<string>> ReadKeysAsync(AnvilOutput output, int accounts, CancellationToken ct)
    {
        // Anvil prints its keys before it starts listening, but our asynchronous readers may lag behind.
        for (var i = 0; i < 40 && !output.Contains("Listening on"); i++)
            await Task.Delay(25, ct).ConfigureAwait(false);
        var keys = PrivateKeyLine().Matches(output.Snapshot())
            .Select(m => (Index: int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), Key: m.Groups[2].Value))
            .DistinctBy(k => k.Index)
            .OrderBy(k => k.Index)
            .Select(k => k.Key)
            .ToArray();
        if (keys.Length >= accounts)
            return keys[..accounts];
        return AnvilDevKeys.Default.Take(accounts).ToArray();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\((\d+)\) (0x[0-9a-fA-F]{64})\s*$", RegexOptions.Multiline)]
    private static partial Regex PrivateKeyLine();

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int SysKill(int pid, int signal);

    private sealed class PortBusyException(string output) : Exception(output);
}
