using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Pipeline;

/// <summary>
/// Turns chat messages into the prompt text the executor tokenizes. The rendered text is what the
/// receipt's promptHash commits to, so it must be the model's own chat template, byte for byte.
/// </summary>
public interface IPromptRenderer
{
    /// <summary>Renders the messages for the model, ending where the assistant's answer begins.</summary>
    string Render(string model, IReadOnlyList<ChatMessage> messages);
}
