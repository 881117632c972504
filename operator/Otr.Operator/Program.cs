using Otr.Operator.Hosting;

OperatorApp.Build(args).Run();
