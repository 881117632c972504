using System.Text;
using Otr.Protocol;

namespace Otr.Chain.Tests.Support;

/// <summary>
/// Dev attestation evidence built independently of the contract (and of Otr.Attestation), so tests
/// check the Solidity encoding against this one: the dev root key's signature over
/// <c>keccak256(abi.encode("OTR-DEV-ATTESTATION", enclaveKey, measurement, weightsRoot))</c>.
/// </summary>
internal static class DevEvidence
{
    public static Bytes32 Digest(string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot)
    {
        var tag = Encoding.ASCII.GetBytes("OTR-DEV-ATTESTATION");
        var buffer = new byte[6 * 32]; // 4 head words, string length, one word of string bytes
        buffer[31] = 0x80; // offset of the string's tail
        Convert.FromHexString(enclaveKey[2..]).CopyTo(buffer, 32 + 12);
        measurement.Span.CopyTo(buffer.AsSpan(64));
        weightsRoot.Span.CopyTo(buffer.AsSpan(96));
        buffer[159] = (byte)tag.Length;
        tag.CopyTo(buffer, 160);
        return Keccak.Hash(buffer);
    }

    public static byte[] Sign(byte[] devRootKey, string enclaveKey, Bytes32 measurement, Bytes32 weightsRoot) =>
        ReceiptSigner.Sign(Digest(enclaveKey, measurement, weightsRoot), devRootKey);
}
