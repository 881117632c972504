using System.Text;
using Otr.Attestation;
using Otr.Protocol;

namespace Otr.Attestation.Tests;

// Vectors computed independently with Foundry's cast:
//   cast keccak $(cast abi-encode "f(string,address,bytes32,bytes32)" OTR-DEV-ATTESTATION 0x11..11 0x22..22 0x33..33)
//   cast wallet sign --no-hash --private-key $(cast keccak otr-dev-root-key) <digest>
public sealed class DevAttestationTests
{
    private const string Enclave = "0x1111111111111111111111111111111111111111";
    private static readonly Bytes32 Measurement22 = Bytes32.Parse(new string('2', 64));
    private static readonly Bytes32 Root33 = Bytes32.Parse(new string('3', 64));

    [Fact]
    public void Digest_FixedInputs_MatchesCastAbiEncodeKeccak()
    {
        var digest = DevAttestation.Digest(Enclave, Measurement22, Root33);

        Assert.Equal("0xa2b861ee07e3c8181b8481ff5edb31d8caebd7c7c3e8e8481a9e3b5b7015e56f", digest.ToString());
    }

    [Fact]
    public void Measurement_IsKeccakOfOtrExecutorDev()
    {
        Assert.Equal("0x4b92c4bf2e656c44f514757869ceb5cc1981cd0383c31c33e689e8edbe9840c9", DevAttestation.Measurement.ToString());
        Assert.Equal(Keccak.Hash(Encoding.ASCII.GetBytes("otr-executor-dev")), DevAttestation.Measurement);
    }

    [Fact]
    public void WellKnownDevRoot_KeyAndAddress_MatchCast()
    {
        Assert.Equal("0x0a63f94a9727d990243ea924736903d1b44f519a5a2c3f08d3a710c57d1a6ed6", DevAttestation.WellKnownDevRootKey.ToString());
        Assert.Equal("0x30847b47b3CC7f2d384F230545f420457c94683f", DevAttestation.WellKnownDevRootAddress);
    }

    [Fact]
    public void Sign_FixedInputs_MatchesCastDeterministicSignature()
    {
        var signature = DevAttestation.Sign(DevAttestation.WellKnownDevRootKey.Span, Enclave, Measurement22, Root33);

        Assert.Equal(
            "d599dffc476e6bb48869d840d6b118c66cc9170d98350877d97dad3261019b0b385175891f7c3a1698d1d0d66b3fcf9bb7bf310956e1bdd85cb913386647a1961b",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void ReportData_FixedInputs_IsCastKeccakPaddedTo64Bytes()
    {
        // cast keccak $(cast abi-encode "f(address,bytes32,uint256)" 0x11..11 0x22..22 7)
        var bytes = new ReportData(Enclave, Measurement22, 7).ToBytes();

        Assert.Equal(64, bytes.Length);
        Assert.Equal("27c505f29376c76724a5c3f59b7fb0a5b7ae5b084eba23ec774896b1e3c281a2", Convert.ToHexStringLower(bytes.AsSpan(0, 32)));
        Assert.All(bytes[32..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void ReportData_NegativeNonce_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportData(Enclave, Root33, -1).ToBytes());
    }

    [Fact]
    public void ReportData_MalformedAddress_Throws()
    {
        Assert.Throws<FormatException>(() => new ReportData("0x1234", Root33, 0).ToBytes());
    }
}
