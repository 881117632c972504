using Otr.Executor;

ExecutorApp.Build(args).Run();
