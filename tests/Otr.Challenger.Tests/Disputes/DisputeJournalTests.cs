using Otr.Chain.Contracts;
using Otr.Chain.Disputes;
using Otr.Protocol;

namespace Otr.Challenger.Tests.Disputes;

/// <summary>The agents' dispute journal survives restarts and crashes mid-append, and keeps the latest line per game.</summary>
public sealed class DisputeJournalTests
{
    private static DisputeOpenRequest Opening() => new(
        new Receipt(Keccak.HashUtf8("a"), Keccak.HashUtf8("m"), Keccak.HashUtf8("p"), Keccak.HashUtf8("q"), Keccak.HashUtf8("o"), Keccak.HashUtf8("t"), 181,
            "0x59fa15AD36FB47292005Dc73c27c68677e625b30", 7, 1_767_225_600),
        [.. Enumerable.Range(0, 65).Select(i => (byte)i)], 3, 1, [Keccak.HashUtf8("s1"), Keccak.HashUtf8("s2")], "héllo \"world\"",
        [1, 2, 0xFFFF_FFFF], new DecodingParams(16, 700, ulong.MaxValue), Keccak.HashUtf8("c"));

    [Fact]
    public void OpeningJson_RoundTrips()
    {
        var opening = Opening();
        var back = DisputeOpeningJson.From(opening).ToRequest();
        Assert.Equal(opening.Receipt, back.Receipt);
        Assert.Equal(opening.Signature, back.Signature);
        Assert.Equal((opening.BatchIndex, opening.LeafIndex, opening.PromptText, opening.Parameters, opening.ChallengerRoot), (back.BatchIndex, back.LeafIndex, back.PromptText, back.Parameters, back.ChallengerRoot));
        Assert.Equal(opening.InclusionProof, back.InclusionProof);
        Assert.Equal(opening.OutputTokens, back.OutputTokens);
    }

    [Fact]
    public void OpeningJson_BadField_IsNamed()
    {
        var json = DisputeOpeningJson.From(Opening());
        var broken = json with { Receipt = [.. json.Receipt.Take(6), "-1", .. json.Receipt.Skip(7)] };
        Assert.Contains("traceLength", Assert.Throws<FormatException>(() => broken.ToRequest()).Message);
        Assert.Contains("10 receipt fields", Assert.Throws<FormatException>(() => (json with { Receipt = ["0x"] }).ToRequest()).Message);
    }

    [Fact]
    public void Journal_KeepsLatestPerGame_CarriesTheOpening_AndSurvivesATornTail()
    {
        using var dir = new TempDirectory();
        var path = dir.File("disputes.jsonl");
        var at = DateTimeOffset.UnixEpoch;
        using (var journal = DisputeJournal.Open(path))
        {
            journal.Save(new DisputeRecord { Digest = "0xaa", Status = DisputeRecordStatus.Pending, Opening = DisputeOpeningJson.From(Opening()), At = at });
            journal.Save(new DisputeRecord { Digest = "0xaa", Status = DisputeRecordStatus.Open, OpenTx = "0xt", At = at });
            journal.Save(new DisputeRecord { Digest = "0xbb", Status = DisputeRecordStatus.Abandoned, Detail = "window closed", At = at });
            journal.SaveCursor(42, at);
            journal.SaveCursor(41, at);
            Assert.Throws<ArgumentException>(() => journal.Save(new DisputeRecord { Digest = "0xcc", At = at }));
        }

        File.AppendAllText(path, "{\"digest\":\"0xaa\",\"status\":\"Reso");
        using var reopened = DisputeJournal.Open(path);
        Assert.True(reopened.TornBytes > 0);
        Assert.Equal(42UL, reopened.ScannedThrough);
        var aa = reopened.Find("0xAA")!;
        Assert.Equal(DisputeRecordStatus.Open, aa.Status);
        Assert.Equal("0xt", aa.OpenTx);
        Assert.Equal(Opening().Receipt, aa.Opening!.ToRequest().Receipt);
        Assert.Equal(2, reopened.Games.Count);
        var resolved = reopened.Save(new DisputeRecord { Digest = "0xaa", Status = DisputeRecordStatus.Resolved, Outcome = "ChallengerWins", At = at });
        Assert.Equal("0xt", resolved.OpenTx);
        Assert.NotNull(resolved.Opening);
    }
}
