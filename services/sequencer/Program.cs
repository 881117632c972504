using Otr.Sequencer;
using Otr.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOtrServiceDefaults("Sequencer");
builder.AddSequencer();
var app = builder.Build();
app.MapOtrDefaultEndpoints();
app.MapSequencer();
app.Run();

/// <summary>The sequencer's entry point (public for WebApplicationFactory tests).</summary>
public partial class Program;
