using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Otr.Sequencer.Tests.Kit;

namespace Otr.Sequencer.Tests;

public sealed class GarbageInputTests(SequencerFixture fixture) : IClassFixture<SequencerFixture>
{
    private static readonly string[] Paths = ["/v1/chat/completions", "/v1/completions", "/v1/models", "/v1/receipts/0x00", "/v1/receipts/garbage", "/v1/other"];
    private static readonly string[] Keys = ["model", "messages", "prompt", "max_tokens", "max_completion_tokens", "temperature", "seed", "stream", "stream_options", "n", "stop", "top_p", "tools", "role", "content", "logprobs", "echo"];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Const("null"),
        Gen.Bool.Select(b => b ? "true" : "false"),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999"),
        Gen.Const("\"otr-demo-q8\""),
        Gen.Const("18446744073709551616"),
        Gen.Const("\"\\ud800\""),
        Gen.String.Select(s => JsonSerializer.Serialize(s)));

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, self.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(Gen.OneOf(Keys), self).Array[0, 4].Select(fields => "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}"))));

    private static readonly Gen<string> Body = Gen.Frequency(
        (3, Value),
        (1, Gen.String),
        (1, Gen.Byte.Array[0, 64].Select(b => System.Text.Encoding.Latin1.GetString(b))),
        (1, Gen.Int[1, 2000].Select(n => new string('[', n))));

    [Fact]
    public async Task Endpoints_AfterGarbage_NeverAnswer5xxAndStillServe()
    {
        var client = fixture.Host.Client;
        var cancel = TestContext.Current.CancellationToken;
        await Gen.Select(Gen.OneOf(Paths), Body, Gen.OneOf("POST", "GET", "PUT"), Gen.OneOf("application/json", "text/plain", "application/json; charset=utf-8")).SampleAsync(
            async (path, body, method, contentType) =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                {
                    request.Content = new StringContent(body, System.Text.Encoding.UTF8);
                    request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                }

                using var response = await client.SendAsync(request, cancel);
                var text = await response.Content.ReadAsStringAsync(cancel);
                Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode} to {body}: {text}");
            },
            iter: 300,
            threads: 4);

        using var good = await client.PostAsJsonAsync("/v1/chat/completions", Requests.Chat(), cancel);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using var stream = await client.PostAsJsonAsync("/v1/completions", new { model = FakeExecutor.DefaultModel, prompt = "x", stream = true }, cancel);
        Assert.EndsWith("data: [DONE]\n\n", await stream.Content.ReadAsStringAsync(cancel));
    }
}
