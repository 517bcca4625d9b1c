using TidyGan.Data;

namespace TidyGan.TuringTest.Tests;

/// <summary>`tidygan turing create / report` on real CT slices (ct-head, Debian invesalius-examples).</summary>
[Trait(Traits.Category, Traits.Slow)]
public class CliTuringTests
{
    [Fact]
    public async Task CreateRendersEveryImageAlikeRefusesToOverwriteAndReportPrintsTheStatistics()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tidygan-turing-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string study = Path.Combine(dir, "study.db");
        try
        {
            var created = Run("turing", "create", "--real", "ct-head:even", "--fake", "ct-head:odd", "--n-real", "3", "--n-fake", "4",
                "--raters", "ana,ben", "--out", study, "--size", "48", "--window", "40,400", "--base-url", "http://127.0.0.1:9");
            Assert.True(created.Code == 0, created.Output);
            var links = created.Output.Split('\n').Where(l => l.StartsWith("rater ", StringComparison.Ordinal) || l.StartsWith("admin ", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, links.Count);
            string anaToken = links.Single(l => l.StartsWith("rater ana ", StringComparison.Ordinal)).Split("/r/")[1].Trim();
            Assert.True(StudyTokens.LooksLikeToken(anaToken));

            var store = StudyStore.Open(study);
            Assert.Equal("40,400", store.Meta("window"));
            Assert.Equal("HU", store.Meta("unit"));
            Assert.DoesNotContain(anaToken, File.ReadAllText(study, System.Text.Encoding.Latin1));   // only the hash is kept
            var pngs = ItemPngs(store);
            Assert.Equal(7, pngs.Count);
            Assert.Single(pngs.Select(p => p.Png.Length).Distinct());                                 // one byte length for all
            foreach (var (id, synthetic, png) in pngs)
            {
                Assert.True(StudyTokens.LooksLikeItemId(id));
                string file = Path.Combine(dir, id + ".png");
                File.WriteAllBytes(file, png);
                var image = PngIO.Read(file);
                Assert.Equal((48, 48, 1, 8), (image.Width, image.Height, image.Channels, image.BitDepth));
            }
            // The same slices (drawn evenly over the even slices, seed 0) rendered by hand with the HU window 40±200 → the same pixels.
            var all = TidyGan.Metrics.ImageSource.LoadSpread("ct-head:even", 3, 48, 0);
            var expected = StudyImageRenderer.Render(all, 48, DisplayWindow.Parse("40,400"));
            Assert.Equal(expected.Select(Convert.ToBase64String).Order(), pngs.Where(p => !p.Synthetic).Select(p => Convert.ToBase64String(p.Png)).Order());

            var again = Run("turing", "create", "--real", "ct-head:even", "--fake", "ct-head:odd", "--n-real", "3", "--n-fake", "4", "--raters", "ana", "--out", study);
            Assert.Equal(1, again.Code);
            Assert.Contains("error:", again.Output);
            Assert.Contains("--force", again.Output);
            Assert.Equal(7, ItemPngs(StudyStore.Open(study)).Count);                                   // untouched

            var rater = store.FindRater(anaToken)!;
            foreach (var (id, _, _) in pngs.Take(4))
                Assert.Equal(AnswerOutcome.Stored, await store.AnswerAsync(rater, new AnswerInput(id, true, 3, 1.5, null)));
            string csv = Path.Combine(dir, "answers.csv");
            var report = Run("turing", "report", "--study", study, "--csv", csv);
            Assert.True(report.Code == 0, report.Output);
            Assert.Contains("ana: 4 / 7 answered", report.Output);
            Assert.Contains("## Visual Turing test", report.Output);
            Assert.Equal(5, File.ReadAllLines(csv).Length);

            var missing = Run("turing", "report", "--study", Path.Combine(dir, "nope.db"));
            Assert.Equal(1, missing.Code);
            Assert.Contains("nope.db", missing.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CreateSamplesACheckpointForTheSyntheticSideInTheModelsUnits()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tidygan-turing-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            string run = Path.Combine(dir, "run"), study = Path.Combine(dir, "study.db");
            var trained = Run("train", "dcgan", "--data", "ct-head", "--size", "32", "--steps", "10", "--batch", "8", "--preset", "cpu", "--out", run);
            Assert.True(trained.Code == 0, trained.Output);
            var created = Run("turing", "create", "--real", "ct-head", "--fake", run, "--n-real", "2", "--n-fake", "3", "--raters", "ana", "--out", study, "--size", "40");
            Assert.True(created.Code == 0, created.Output);
            var store = StudyStore.Open(study);
            Assert.Equal("HU", store.Meta("unit"));                        // the checkpoint's data description, not a guess
            Assert.Contains("samples of dcgan", store.Meta("fake"));
            Assert.Equal("0,2000", store.Meta("window"));
            var pngs = ItemPngs(store);
            Assert.Equal(3, pngs.Count(p => p.Synthetic));
            Assert.Single(pngs.Select(p => p.Png.Length).Distinct());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static List<(string Id, bool Synthetic, byte[] Png)> ItemPngs(StudyStore store)
    {
        using var c = store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, is_synthetic, png FROM items";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, bool, byte[])>();
        while (r.Read()) list.Add((r.GetString(0), r.GetInt64(1) == 1, (byte[])r.GetValue(2)));
        return list;
    }

    private static (int Code, string Output) Run(params string[] args) => CrashTests.RunCli(args);
}
