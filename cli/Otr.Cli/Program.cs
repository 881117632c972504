using System.CommandLine;
using Otr.Cli;

return await new RootCommand("otr — Optimistic TEE-Rollups: verifiable LLM inference on Ethereum")
{
    DevnetCommand.Create(),
    VerifyCommand.Create(),
    ModelCommand.Create(),
}.Parse(args).InvokeAsync();
