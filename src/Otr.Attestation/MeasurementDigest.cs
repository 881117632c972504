using System.Text;
using Otr.Protocol;

namespace Otr.Attestation;

/// <summary>
/// The one bytes32 "measurement" a registration carries on L1 (<c>ExecutorRegistry</c>'s allow-list) for a hardware
/// TEE, derived from the registers that identify the executor image:
/// <c>keccak(utf8("otr-measurement-v1:" + kind) ‖ for each register in order: utf8(name) ‖ 0x00 ‖ value bytes)</c>.
/// The registers: TDX <c>mrtd, rtmr0, rtmr1, rtmr2</c> (firmware, kernel and command line, initrd/rootfs; RTMR3 is left
/// to the running guest), SGX <c>mrenclave</c>, SEV-SNP <c>measurement</c> (the launch digest). Registers that the
/// host or the running guest choose (host data, RTMR3, owner fields) are checked by policy, not pinned here.
/// </summary>
public static class MeasurementDigest
{
    /// <summary>The registers that make up the digest for each hardware TEE kind, in order.</summary>
    public static IReadOnlyList<string> Registers(TeeKind kind) => kind switch
    {
        TeeKind.IntelTdx => ["mrtd", "rtmr0", "rtmr1", "rtmr2"],
        TeeKind.IntelSgx => ["mrenclave"],
        TeeKind.AmdSevSnp => ["measurement"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{kind} has no hardware measurement digest"),
    };

    /// <summary>The digest of <paramref name="measurements"/> (named lower-case hex, as the verifiers report them).</summary>
    /// <exception cref="ArgumentException">A register the kind needs is missing or not hex.</exception>
    public static Bytes32 Of(TeeKind kind, IReadOnlyDictionary<string, string> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("otr-measurement-v1:" + kind));
        foreach (var name in Registers(kind))
        {
            if (!measurements.TryGetValue(name, out var hex))
            {
                throw new ArgumentException($"{kind} measurements lack register '{name}'", nameof(measurements));
            }

            byte[] value;
            try
            {
                value = Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"register '{name}' is not hex: '{hex}'", nameof(measurements), e);
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(name));
            bytes.Add(0);
            bytes.AddRange(value);
        }

        return Keccak.Hash([.. bytes]);
    }
}
