using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Otr.Sequencer.Configuration;

namespace Otr.Sequencer.Executors;

/// <summary>
/// Re-reads <see cref="SequencerOptions.RoutesFile"/> every <see cref="SequencerOptions.RoutesReloadInterval"/> and
/// hands changed routes to the pool. Polling by content (not file events) because a Kubernetes ConfigMap volume
/// changes by swapping a symlink. A missing, unreadable or invalid file leaves the routes in force unchanged and is
/// logged with what is wrong.
/// </summary>
internal sealed partial class RoutesFileWatcher(
    IOptions<SequencerOptions> options,
    HttpExecutorPool pool,
    TimeProvider time,
    ILogger<RoutesFileWatcher> logger) : BackgroundService
{
    private byte[]? _lastHash;

    /// <summary>Reads the file once and applies it when its content changed; false when it could not be applied.</summary>
    public bool ReloadOnce()
    {
        var path = options.Value.RoutesFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(path, e.Message);
            return false;
        }

        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))
        {
            return true;
        }

        try
        {
            pool.UpdateRoutes(ExecutorRoutes.Parse(text));
        }
        catch (FormatException e)
        {
            LogInvalid(path, e.Message);
            return false;
        }

        _lastHash = hash;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.RoutesFile))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RoutesReloadInterval, time);
        do
        {
            ReloadOnce();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Routes file {Path} cannot be read ({Error}); keeping the routes in force")]
    private partial void LogUnreadable(string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Routes file {Path} is invalid: {Error}; keeping the routes in force")]
    private partial void LogInvalid(string path, string error);
}
