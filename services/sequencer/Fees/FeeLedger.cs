using System.Text.Json;
using Otr.Chain.Storage;
using Otr.Protocol;

namespace Otr.Sequencer.Fees;

/// <summary>
/// The durable fee ledger, <c>fees.jsonl</c> in the sequencer's data directory: one <see cref="FeeLine"/> per receipt
/// digest, fsynced before <see cref="Record"/> returns, a torn tail cut on open. A digest already in the ledger is
/// never counted again (a restart re-reads the receipts, a redelivered receipt has the same digest).
/// </summary>
public sealed class FeeLedger : IDisposable
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "fees.jsonl";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new WeiJsonConverter() } };

    private readonly Lock _lock = new();
    private readonly JsonLinesFile<FeeLine> _file;
    private readonly Dictionary<Bytes32, FeeLine> _lines = [];

    /// <summary>Opens (or creates) <c>{directory}/fees.jsonl</c> and reads it back.</summary>
    public FeeLedger(string directory)
    {
        Directory.CreateDirectory(directory);
        _file = JsonLinesFile<FeeLine>.Open(System.IO.Path.Combine(directory, FileName), Json, out var lines, out var torn);
        TornBytes = torn;
        foreach (var line in lines)
        {
            // A digest twice can only come from a crash between the append and its acknowledgement; the first counts.
            _lines.TryAdd(line.Digest, line);
        }
    }

    /// <summary>The ledger file.</summary>
    public string Path => _file.Path;

    /// <summary>Bytes of a torn tail cut off when the ledger was opened.</summary>
    public int TornBytes { get; }

    /// <summary>Receipts paid so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>True when the receipt's fee is already recorded.</summary>
    public bool Contains(Bytes32 digest)
    {
        lock (_lock)
        {
            return _lines.ContainsKey(digest);
        }
    }

    /// <summary>Appends the line durably unless its digest is recorded already; true when it was added.</summary>
    public bool Record(FeeLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            if (_lines.ContainsKey(line.Digest))
            {
                return false;
            }

            _file.Append(line);
            _lines.Add(line.Digest, line);
            return true;
        }
    }

    /// <summary>Totals per enclave key and operator (<see cref="FeeAttribution.Totals"/>).</summary>
    public IReadOnlyList<FeeTotal> Totals()
    {
        lock (_lock)
        {
            return FeeAttribution.Totals([.. _lines.Values]);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
