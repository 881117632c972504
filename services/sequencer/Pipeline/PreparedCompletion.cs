using Otr.Protocol;

namespace Otr.Sequencer.Pipeline;

/// <summary>A request with its prompt rendered and its request id and seed chosen.</summary>
/// <param name="RequestId">32 random bytes.</param>
/// <param name="Model">Model name.</param>
/// <param name="Prompt">Prompt text the executor tokenizes.</param>
/// <param name="Params">Decoding parameters (seed derived from the request id when the client gave none).</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Started">Timestamp for latency (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal sealed record PreparedCompletion(Bytes32 RequestId, string Model, string Prompt, DecodingParams Params, long Created, long Started);
