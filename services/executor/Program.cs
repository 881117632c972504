using Otr.Executor;
using Otr.Executor.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddExecutor(builder.Configuration.GetSection(ExecutorOptions.SectionName));
var app = builder.Build();
app.MapExecutor();
app.Run();
