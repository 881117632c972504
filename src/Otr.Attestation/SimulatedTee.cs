using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// SIMULATED TEE — INSECURE, development only. Holds the enclave key in ordinary process memory
/// (optionally in a key file) and "attests" it with a dev root key anyone may hold. It exists so the
/// devnet and tests run the whole protocol without TEE hardware; it proves nothing. It logs a
/// warning when created and marks every evidence document with <see cref="DevAttestation.Marker"/>.
/// </summary>
public sealed class SimulatedTee : ITeeBackend
{
    /// <summary>The warning logged at creation.</summary>
    public const string Warning = "SIMULATED TEE — INSECURE, development only: the enclave key is not protected by hardware and the attestation proves nothing";

    private readonly EnclaveKey _enclaveKey;
    private readonly byte[] _devRootKey;
    private bool _disposed;

    /// <summary>Creates the simulated TEE: loads the enclave key from the key file or generates a fresh one.</summary>
    /// <param name="options">Dev root key and optional key file.</param>
    /// <param name="logger">Receives the insecurity warning.</param>
    public SimulatedTee(SimulatedTeeOptions options, ILogger<SimulatedTee>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (logger ?? NullLogger<SimulatedTee>.Instance).LogWarning("{Warning}", Warning);
        _devRootKey = ParseKey(options.DevRootKey, nameof(options.DevRootKey));
        _enclaveKey = new EnclaveKey(options.KeyFile is { Length: > 0 } file ? LoadOrCreateKeyFile(file) : Secp256k1.GenerateKey());
        DevRootAddress = Secp256k1.AddressOf(_devRootKey);
    }

    /// <inheritdoc />
    public TeeKind Kind => TeeKind.Simulated;

    /// <inheritdoc />
    public bool IsInsecure => true;

    /// <inheritdoc />
    public string EnclaveAddress => _enclaveKey.Address;

    /// <inheritdoc />
    public Bytes32 Measurement => DevAttestation.Measurement;

    /// <summary>The address of the configured dev root key (what <c>DevAttestationVerifier</c> must trust).</summary>
    public string DevRootAddress { get; }

    /// <inheritdoc />
    public byte[] Sign(Bytes32 digest) => _enclaveKey.Sign(digest, this);

    /// <inheritdoc />
    public Task<AttestationEvidence> GetEvidenceAsync(ReportData reportData, CancellationToken cancellationToken = default)
    {
        _enclaveKey.CheckBinds(reportData, this);

        var signature = DevAttestation.Sign(_devRootKey, EnclaveAddress, Measurement, reportData.WeightsRoot);
        var bytes = reportData.ToBytes();
        var document = new SimulatedEvidence(
            EnclaveAddress, Measurement, reportData.WeightsRoot, reportData.RegistrationNonce, bytes, signature);
        return Task.FromResult(new AttestationEvidence(TeeKind.Simulated, document.ToBytes(), Measurement, bytes, signature));
    }

    /// <summary>Forgets the keys (zeroes them in memory).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _enclaveKey.Dispose();
        CryptographicOperations.ZeroMemory(_devRootKey);
    }

    private static byte[] ParseKey(string? hex, string name)
    {
        if (!Bytes32.TryParse(hex?.Trim(), out var key) || !Secp256k1.IsValidKey(key.Span))
        {
            throw new ArgumentException($"{name} must be a secp256k1 private key: 0x followed by 64 hex digits, non-zero and below the curve order", name);
        }

        return key.ToArray();
    }

    private static byte[] LoadOrCreateKeyFile(string path)
    {
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path);
            try
            {
                return ParseKey(text, "key file " + path);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"the enclave key file '{path}' does not hold a valid key: {e.Message}", e);
            }
        }

        var key = Secp256k1.GenerateKey();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write to a private temporary file and move it into place, so a crash never leaves half a key.
        var temporary = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, streamOptions))
        {
            writer.Write("0x" + Convert.ToHexStringLower(key));
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        return key;
    }
}
