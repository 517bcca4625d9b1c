using System.Text.Json;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Modes;

/// <summary>`tidygan modes` end to end on a tiny budget: it writes its table and pictures.</summary>
public class ModesCliTests
{
    [Fact]
    public void ShortRunWritesTableAndPlots()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("modes", "--data", "ring8", "--method", "ns,pacgan2,unrolled", "--seeds", "2", "--steps", "12",
            "--eval-every", "6", "--generator-width", "16", "--discriminator-width", "8", "--out", dir.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("modes recovered", result.Output);
        foreach (var file in new[] { "results.json", "results.md", "scatter-ring8.png", "coverage-ring8.png" })
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json")));
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal("pacgan2", rows[1].GetProperty("method").GetString());
        Assert.Equal(2, rows[1].GetProperty("seeds").GetInt32());
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(6, runs.GetArrayLength());
        Assert.Equal(2, runs[0].GetProperty("curve").GetArrayLength());   // steps 6 and 12
        Assert.Contains("| ring8 | unrolled |", File.ReadAllText(Path.Combine(dir.Path, "results.md")));

        // Run again: every run folder holds a finished run with the same key, so the table is rebuilt, not retrained.
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "runs", "ring8", "ns", "seed-0", "result.json"));
        var again = CliRunner.Run("modes", "--data", "ring8", "--method", "ns,pacgan2,unrolled", "--seeds", "2", "--steps", "12",
            "--eval-every", "6", "--generator-width", "16", "--discriminator-width", "8", "--out", dir.Path);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "runs", "ring8", "ns", "seed-0", "result.json")));
        using var json2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "results.json")));
        Assert.Equal(rows.GetRawText(), json2.RootElement.GetProperty("rows").GetRawText());
    }

    [Fact]
    public void AChangedOptionStopsNamingTheFieldAndForceRerunsIt()
    {
        using var dir = new TempDirectory();
        string[] run = ["modes", "--data", "ring8", "--method", "ns", "--seeds", "1", "--steps", "6", "--eval-every", "6",
            "--generator-width", "16", "--discriminator-width", "8", "--jobs", "1", "--out", dir.Path];
        Assert.Equal(0, CliRunner.Run(run).ExitCode);
        var folder = Path.Combine(dir.Path, "runs", "ring8", "ns", "seed-0");
        Assert.True(File.Exists(Path.Combine(folder, "arm.json")));

        // The same table with another learning rate: the finished run does not match and is not silently reused.
        var changed = CliRunner.Run([.. run, "--lr", "0.001"]);
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("LearningRate", changed.Output);
        Assert.Contains("--force", changed.Output);

        var forced = CliRunner.Run([.. run, "--lr", "0.001", "--force"]);
        Assert.True(forced.ExitCode == 0, forced.Output);
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(folder)!, "seed-0.replaced-*"));   // moved aside, not deleted
    }

    [Fact]
    public void UnknownMethodIsAnError()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("modes", "--method", "veegan", "--out", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pacgan4", result.Output);
    }
}
