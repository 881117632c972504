using System.Text;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Pipeline;

/// <summary>
/// Interim copy of the q8-exact chat template (<c>Otr.Inference.ChatTemplate</c>): each message
/// renders as <c>&lt;|role|&gt;content&lt;|eos|&gt;</c>, then <c>&lt;|assistant|&gt;</c>. Kept here only
/// until the sequencer can reference Otr.Inference; it is replaced by a call to <c>ChatTemplate.Render</c>.
/// OpenAI's <c>developer</c> role is rendered as <c>system</c>, which it replaced.
/// </summary>
internal sealed class InterimChatPromptRenderer : IPromptRenderer
{
    public string Render(string model, IReadOnlyList<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role switch
            {
                "system" or "developer" => "system",
                "user" => "user",
                "assistant" => "assistant",
                _ => throw new ArgumentException($"unknown chat role '{message.Role}' (expected system, developer, user or assistant)", nameof(messages)),
            };
            text.Append("<|").Append(role).Append("|>").Append(message.Content).Append("<|eos|>");
        }

        return text.Append("<|assistant|>").ToString();
    }
}
