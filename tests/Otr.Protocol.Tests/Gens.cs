using CsCheck;
using Otr.Protocol;

namespace Otr.Protocol.Tests;

/// <summary>CsCheck generators shared by the property tests.</summary>
internal static class Gens
{
    public static readonly Gen<Bytes32> Bytes32 = Gen.Byte.Array[32].Select(b => new Bytes32(b));

    public static Gen<Bytes32[]> Leaves(int min, int max) => Bytes32.Array[min, max];

    public static readonly Gen<byte[]> PrivateKey = Gen.Byte.Array[32]
        .Where(k => k.Any(b => b != 0) && k[0] < 0xFF);

    public static readonly Gen<string> Address = Gen.Byte.Array[20].Select(a => "0x" + Convert.ToHexStringLower(a));

    public static readonly Gen<Receipt> Receipt =
        Gen.Select(Bytes32.Array[6], Gen.ULong.Array[4], Address)
            .Select((h, n, a) => new Receipt(h[0], h[1], h[2], h[3], h[4], h[5], n[0], a, n[1], n[2]));

    public static readonly Gen<Eip712Domain> Domain = Gen.Select(Gen.ULong, Address, (c, a) => new Eip712Domain(c, a));
}
