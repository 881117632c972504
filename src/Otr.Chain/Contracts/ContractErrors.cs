using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Util;
using Otr.Chain.Artifacts;
using Otr.Protocol;

namespace Otr.Chain.Contracts;

/// <summary>Decodes revert data by the errors declared in the committed ABIs of the OTR contracts.</summary>
internal static class ContractErrors
{
    private sealed record ErrorAbi(string Name, IReadOnlyList<string> Types);

    private static readonly Lazy<Dictionary<string, ErrorAbi>> BySelector = new(Build);

    /// <summary>Turns a client-library exception into a <see cref="ContractRevertException"/>, or returns null when it is not a revert.</summary>
    public static ContractRevertException? Translate(Exception e, string what)
    {
        string? data = e switch
        {
            SmartContractCustomErrorRevertException custom => custom.ExceptionEncodedData,
            RpcResponseException rpc => DataOf(rpc.RpcError?.Data),
            _ => null,
        };
        if (e is SmartContractRevertException revert && data is null)
        {
            return new ContractRevertException("Error", [revert.RevertMessage], null, $"{what} reverted: {revert.RevertMessage}", e);
        }

        if (data is null)
        {
            return e is SmartContractCustomErrorRevertException or RpcResponseException
                ? new ContractRevertException(null, [], null, $"{what} failed: {e.Message}", e)
                : null;
        }

        return Decode(data, what, e);
    }

    /// <summary>Decodes 0x-hex revert data.</summary>
    public static ContractRevertException Decode(string data, string what, Exception? inner)
    {
        var bytes = Convert.FromHexString(data.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? data[2..] : data);
        if (bytes.Length >= 4 && BySelector.Value.TryGetValue(Convert.ToHexStringLower(bytes.AsSpan(0, 4)), out var error))
        {
            try
            {
                var args = DecodeArguments(error.Types, bytes.AsSpan(4));
                if (error.Name == "BatchIndexMismatch")
                {
                    return new BatchIndexMismatchException((ulong)(BigInteger)args[0]!, (ulong)(BigInteger)args[1]!, data, inner);
                }

                var shown = string.Join(", ", args.Select(a => a is byte[] b ? "0x" + Convert.ToHexStringLower(b) : Convert.ToString(a, CultureInfo.InvariantCulture)));
                return new ContractRevertException(error.Name, args, data, $"{what} reverted {error.Name}({shown})", inner);
            }
            catch (Exception decodeError) when (decodeError is ArgumentException or IndexOutOfRangeException or OverflowException)
            {
                // Fall through: the data does not fit the declared arguments.
            }
        }

        return new ContractRevertException(null, [], data, $"{what} reverted with unrecognised data {data}", inner);
    }

    private static string? DataOf(object? data) => data switch
    {
        string s when s.StartsWith("0x", StringComparison.Ordinal) => s,
        Newtonsoft.Json.Linq.JValue { Value: string s } when s.StartsWith("0x", StringComparison.Ordinal) => s,
        Newtonsoft.Json.Linq.JObject o when o["data"]?.ToString() is { } s && s.StartsWith("0x", StringComparison.Ordinal) => s,
        _ => null,
    };

    private static List<object?> DecodeArguments(IReadOnlyList<string> types, ReadOnlySpan<byte> body)
    {
        var result = new List<object?>(types.Count);
        for (var i = 0; i < types.Count; i++)
        {
            var word = body.Slice(i * 32, 32);
            var type = types[i];
            result.Add(type switch
            {
                "address" => new AddressUtil().ConvertToChecksumAddress(Convert.ToHexStringLower(word[12..])),
                "bool" => word[31] != 0,
                "bytes32" => new Bytes32(word),
                "string" or "bytes" => Dynamic(type, body, word),
                _ when type.StartsWith("uint", StringComparison.Ordinal) => new BigInteger(word, isUnsigned: true, isBigEndian: true),
                _ when type.StartsWith("int", StringComparison.Ordinal) => new BigInteger(word, isUnsigned: false, isBigEndian: true),
                _ => word.ToArray(),
            });
        }

        return result;
    }

    private static object Dynamic(string type, ReadOnlySpan<byte> body, ReadOnlySpan<byte> offsetWord)
    {
        var offset = (int)new BigInteger(offsetWord, isUnsigned: true, isBigEndian: true);
        var length = (int)new BigInteger(body.Slice(offset, 32), isUnsigned: true, isBigEndian: true);
        var content = body.Slice(offset + 32, length);
        return type == "string" ? Encoding.UTF8.GetString(content) : content.ToArray();
    }

    private static Dictionary<string, ErrorAbi> Build()
    {
        var map = new Dictionary<string, ErrorAbi>(StringComparer.Ordinal)
        {
            [Selector("Error(string)")] = new("Error", ["string"]),
            [Selector("Panic(uint256)")] = new("Panic", ["uint256"]),
        };
        foreach (var name in ContractArtifacts.Names)
        {
            using var abi = JsonDocument.Parse(ContractArtifacts.Get(name).AbiJson);
            foreach (var item in abi.RootElement.EnumerateArray())
            {
                if (item.GetProperty("type").GetString() != "error")
                {
                    continue;
                }

                var types = item.GetProperty("inputs").EnumerateArray().Select(p => p.GetProperty("type").GetString()!).ToArray();
                var errorName = item.GetProperty("name").GetString()!;
                map[Selector($"{errorName}({string.Join(',', types)})")] = new ErrorAbi(errorName, types);
            }
        }

        return map;
    }

    private static string Selector(string signature) =>
        Convert.ToHexStringLower(Keccak.HashUtf8(signature).Span[..4]);
}
