using System.Text.Json.Nodes;

namespace TidyGan.TuringTest.Tests;

/// <summary>`turing report` on a study whose synthetic side was sampled from a run adds a "turing" section to that run's model card.</summary>
public class TuringModelCardTests
{
    [Fact]
    public async Task ReportAddsTheStudysResultsToTheRunsModelCard()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tidygan-turing-card-" + Guid.NewGuid().ToString("N"));
        try
        {
            string run = Path.Combine(dir, "run"), study = Path.Combine(dir, "study.db");
            var trained = Run("train", "dcgan", "--data", "fashion-mnist", "--size", "28", "--width", "8", "--steps", "2", "--batch", "8", "--limit", "64", "--out", run);
            Assert.True(trained.Code == 0, trained.Output);
            var created = Run("turing", "create", "--real", "fashion-mnist", "--fake", run, "--n-real", "2", "--n-fake", "2", "--raters", "ana", "--out", study, "--size", "32");
            Assert.True(created.Code == 0, created.Output);
            string token = created.Output.Split('\n').Single(l => l.StartsWith("rater ana ", StringComparison.Ordinal)).Split("/r/")[1].Trim();

            var store = StudyStore.Open(study);
            var rater = store.FindRater(token)!;
            using (var c = store.Connect())
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT id FROM items";
                using var r = cmd.ExecuteReader();
                var ids = new List<string>();
                while (r.Read()) ids.Add(r.GetString(0));
                r.Close();
                foreach (var id in ids) Assert.Equal(AnswerOutcome.Stored, await store.AnswerAsync(rater, new AnswerInput(id, true, 3, 1.0, null)));
            }
            var report = Run("turing", "report", "--study", study);
            Assert.True(report.Code == 0, report.Output);

            var card = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "model-card.json")))!;
            var section = card["metrics"]!["turing"]!;
            var accuracy = section["values"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "accuracy")!;
            Assert.Equal(4, accuracy["n"]!.GetValue<int>());
            Assert.Equal(0.5, accuracy["value"]!.GetValue<double>());          // every image called synthetic: 2 of 4 right
            Assert.Equal(0.5, card["medigan"]!["selection"]!["performance"]!["turing_test"]!.GetValue<double>());
            Assert.Contains("### turing", File.ReadAllText(Path.Combine(run, "model-card.md")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Code, string Output) Run(params string[] args) => CrashTests.RunCli(args);
}
