using Otr.Inference;

namespace Otr.Sequencer.Pipeline;

/// <summary>
/// Renders with the q8-exact chat template (<see cref="ChatTemplate.Render"/>), the text the
/// executor's tokenizer reads. OpenAI's <c>developer</c> role is rendered as <c>system</c>, which it replaced.
/// </summary>
internal sealed class ChatTemplatePromptRenderer : IPromptRenderer
{
    public string Render(string model, IReadOnlyList<OpenAi.ChatMessage> messages) =>
        ChatTemplate.Render(messages.Select(m => new ChatMessage(m.Role == "developer" ? "system" : m.Role, m.Content)));
}
