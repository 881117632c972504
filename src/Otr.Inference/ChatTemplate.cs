using System.Text;

namespace Otr.Inference;

/// <summary>
/// The q8-exact chat template. Each message renders as <c>&lt;|role|&gt;content&lt;|eos|&gt;</c>;
/// the prompt ends with <c>&lt;|assistant|&gt;</c> so the model writes the assistant's turn and
/// ends it with EOS. The rendered text is the prompt text (its keccak is the receipt's
/// <c>promptHash</c>); engines read <see cref="ByteTokenizer.EncodePrompt"/> of it.
/// </summary>
public static class ChatTemplate
{
    /// <summary>Renders the messages followed by the assistant generation marker.</summary>
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            ArgumentNullException.ThrowIfNull(message.Content);
            text.Append(RoleMarker(message.Role)).Append(message.Content).Append(ByteTokenizer.Marker(ByteTokenizer.Eos));
        }

        text.Append(ByteTokenizer.Marker(ByteTokenizer.Assistant));
        return text.ToString();
    }

    private static string RoleMarker(string role) => role switch
    {
        "system" => ByteTokenizer.Marker(ByteTokenizer.System),
        "user" => ByteTokenizer.Marker(ByteTokenizer.User),
        "assistant" => ByteTokenizer.Marker(ByteTokenizer.Assistant),
        _ => throw new ArgumentException($"unknown chat role '{role}' (expected system, user or assistant)", nameof(role)),
    };
}
