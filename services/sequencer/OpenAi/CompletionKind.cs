namespace Otr.Sequencer.OpenAi;

/// <summary>Which OpenAI endpoint a request came through; decides the response shape.</summary>
internal enum CompletionKind
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    Chat,

    /// <summary><c>POST /v1/completions</c>.</summary>
    Text,
}
