using Otr.Inference;
using Otr.Sequencer.Pipeline;

namespace Otr.Sequencer.Tests;

public sealed class ChatTemplatePromptRendererTests
{
    [Fact]
    public void Render_Messages_MatchesTheModelsChatTemplate()
    {
        var rendered = new ChatTemplatePromptRenderer().Render("otr-demo-q8", [new("system", "s"), new("user", "u"), new("assistant", "a"), new("user", "v")]);

        Assert.Equal(ChatTemplate.Render([new("system", "s"), new("user", "u"), new("assistant", "a"), new("user", "v")]), rendered);
    }

    [Fact]
    public void Render_DeveloperRole_RendersAsSystem()
    {
        var renderer = new ChatTemplatePromptRenderer();

        Assert.Equal(renderer.Render("m", [new("system", "x")]), renderer.Render("m", [new("developer", "x")]));
    }
}
