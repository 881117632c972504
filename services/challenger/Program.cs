using Otr.Challenger;

ChallengerApp.Build(args).Run();
