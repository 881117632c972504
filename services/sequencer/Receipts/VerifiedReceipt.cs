using System.Text.Json;
using Otr.Protocol;

namespace Otr.Sequencer.Receipts;

/// <summary>A receipt that passed <see cref="ReceiptVerifier"/>.</summary>
/// <param name="Signed">The parsed signed receipt.</param>
/// <param name="Digest">Its EIP-712 digest.</param>
/// <param name="Json">Its canonical JSON wire form (<see cref="ReceiptJson.Serialize"/>).</param>
internal sealed record VerifiedReceipt(SignedReceipt Signed, Bytes32 Digest, JsonElement Json);
