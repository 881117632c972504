using System.Numerics;
using System.Text;
using Nethereum.Util;

namespace Otr.Chain.Transactions;

/// <summary>
/// Decodes revert data: <c>Error(string)</c>, <c>Panic(uint256)</c>, and custom errors named from a list
/// of Solidity error signatures (arguments are left raw in <see cref="RevertInfo.Data"/>).
/// </summary>
public sealed class RevertDecoder
{
    /// <summary>Signature of Solidity's <c>require</c>/<c>revert("…")</c> error.</summary>
    public const string ErrorStringSignature = "Error(string)";

    /// <summary>Signature of Solidity's panic error (assert, overflow, …).</summary>
    public const string PanicSignature = "Panic(uint256)";

    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a decoder that knows <paramref name="errorSignatures"/> besides the two built-in errors.</summary>
    public RevertDecoder(IEnumerable<string>? errorSignatures = null)
    {
        foreach (var signature in (errorSignatures ?? []).Append(ErrorStringSignature).Append(PanicSignature))
        {
            var compact = signature.Replace(" ", "", StringComparison.Ordinal);
            _names[SelectorOf(compact)] = compact;
        }
    }

    /// <summary>The 4-byte selector of an error or function signature, as 0x-prefixed lowercase hex.</summary>
    public static string SelectorOf(string signature) =>
        "0x" + Sha3Keccack.Current.CalculateHash(signature)[..8];

    /// <summary>Decodes 0x-prefixed revert data; <paramref name="nodeMessage"/> is kept as the reason when there is no data.</summary>
    public RevertInfo Decode(string? data, string? nodeMessage = null)
    {
        var bytes = string.IsNullOrEmpty(data) || data == "0x" ? [] : Convert.FromHexString(data.AsSpan(data.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0));
        var hex = "0x" + Convert.ToHexStringLower(bytes);
        if (bytes.Length < 4)
            return new RevertInfo(hex, null, null, nodeMessage, null);
        var selector = "0x" + Convert.ToHexStringLower(bytes.AsSpan(0, 4));
        var name = _names.GetValueOrDefault(selector);
        string? reason = null;
        BigInteger? panic = null;
        if (name == ErrorStringSignature)
            reason = TryDecodeString(bytes.AsSpan(4));
        else if (name == PanicSignature && bytes.Length >= 36)
            panic = new BigInteger(bytes.AsSpan(4, 32), isUnsigned: true, isBigEndian: true);
        return new RevertInfo(hex, selector, name, reason, panic);
    }

    private static string? TryDecodeString(ReadOnlySpan<byte> args)
    {
        // ABI: offset (32 bytes), then at offset a length word and the UTF-8 bytes.
        if (args.Length < 64)
            return null;
        var offset = new BigInteger(args[..32], isUnsigned: true, isBigEndian: true);
        if (offset > args.Length - 32)
            return null;
        var at = (int)offset;
        var length = new BigInteger(args.Slice(at, 32), isUnsigned: true, isBigEndian: true);
        if (length > args.Length - at - 32)
            return null;
        return Encoding.UTF8.GetString(args.Slice(at + 32, (int)length));
    }
}
