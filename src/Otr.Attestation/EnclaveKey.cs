using System.Security.Cryptography;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// The enclave signing key a TEE backend holds: created (or loaded) inside the TEE, never exported, zeroed when the
/// backend is disposed. Signs receipt digests and checks that report data binds this key; both refuse once disposed,
/// naming the backend.
/// </summary>
internal sealed class EnclaveKey : IDisposable
{
    private readonly byte[] _privateKey;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="privateKey"/> (zeroed on dispose).</summary>
    public EnclaveKey(byte[] privateKey)
    {
        _privateKey = privateKey;
        Address = Secp256k1.AddressOf(privateKey);
    }

    /// <summary>The key's Ethereum address (EIP-55).</summary>
    public string Address { get; }

    /// <summary>A fresh key from the system's cryptographic random source.</summary>
    public static EnclaveKey Generate() => new(Secp256k1.GenerateKey());

    /// <summary>Signs <paramref name="digest"/> (<see cref="Secp256k1.Sign"/>).</summary>
    /// <exception cref="ObjectDisposedException">The key was forgotten; the exception names <paramref name="owner"/>.</exception>
    public byte[] Sign(Bytes32 digest, object owner)
    {
        ObjectDisposedException.ThrowIf(_disposed, owner);
        return Secp256k1.Sign(digest, _privateKey);
    }

    /// <summary>Throws unless <paramref name="reportData"/> names this key (evidence is only ever produced for it).</summary>
    /// <exception cref="ArgumentException">The report data names another enclave key.</exception>
    /// <exception cref="ObjectDisposedException">The key was forgotten; the exception names <paramref name="owner"/>.</exception>
    public void CheckBinds(ReportData reportData, object owner)
    {
        ArgumentNullException.ThrowIfNull(reportData);
        ObjectDisposedException.ThrowIf(_disposed, owner);
        if (!string.Equals(reportData.EnclaveAddress, Address, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"report data names enclave key {reportData.EnclaveAddress}, but this TEE holds {Address}", nameof(reportData));
        }
    }

    /// <summary>Forgets the key (zeroes it in memory).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_privateKey);
        }
    }
}
