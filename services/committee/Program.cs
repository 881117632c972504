using Otr.Committee;

CommitteeApp.Build(args).Run();
