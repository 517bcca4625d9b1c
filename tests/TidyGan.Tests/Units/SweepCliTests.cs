using System.Text.Json.Nodes;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Units;

/// <summary>`tidygan sweep` through the local executor, end to end on a tiny budget; `sweep status|collect`; errors.</summary>
public class SweepCliTests
{
    [Fact]
    public void LocalSweepWritesOneRowPerUnitAndARerunTrainsNothing()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "sweep.json");
        File.WriteAllText(config, """
            { "verb": "dcgan", "options": { "data": "fashion-mnist", "limit": 64, "batch": 8, "steps": 4, "width": 8, "checkpoint-every": 2, "sample-every": 4 },
              "seeds": [0, 1] }
            """);
        var output = Path.Combine(dir.Path, "out");
        var ran = CliRunner.Run("sweep", "--config", config, "--executor", "local", "--out", output);
        Assert.True(ran.ExitCode == 0, ran.Output);
        Assert.Contains("2 to run", ran.Output);
        var rows = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!["rows"]!;
        Assert.Equal(2, rows.Count);
        Assert.Equal(["0", "1"], rows.Select(r => (string)r!["settings"]!["seed"]!));
        Assert.All(rows, r => Assert.Equal(4, (long)r!["step"]!));
        Assert.All(rows, r => Assert.True(r!["final"]!["loss/generator"] is JsonValue, r.ToJsonString()));
        Assert.NotEqual(rows[0]!["final"]!.ToJsonString(), rows[1]!["final"]!.ToJsonString());   // two seeds, two runs

        var status = CliRunner.Run("sweep", "status", output);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("2 done, 0 running, 0 failed, 0 pending", status.Output);
        var again = CliRunner.Run("sweep", "--config", config, "--executor", "local", "--out", output);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("0 to run", again.Output);
        Assert.Equal(0, CliRunner.Run("sweep", "collect", output).ExitCode);
    }

    [Fact]
    public void AnOptionThatIsNoTrainFlagStopsTheSweepBeforeAnythingRuns()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "sweep.json");
        File.WriteAllText(config, """{ "verb": "dcgan", "options": { "data": "fashion-mnist" }, "grid": { "stepz": [1, 2] } }""");
        var result = CliRunner.Run("sweep", "--config", config, "--executor", "local", "--out", Path.Combine(dir.Path, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"stepz\" are not flags of `tidygan train dcgan`", result.Output);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void DryRunPrintsOnlyTheBatchScript()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "sweep.json");
        File.WriteAllText(config, """{ "verb": "cgan", "options": { "data": "fashion-mnist" }, "grid": { "lr": [0.0002, 0.001] }, "seeds": [0, 1, 2] }""");
        var result = CliRunner.Run("sweep", "--config", config, "--executor", "slurm", "--partition", "short", "--gpus", "1", "--dry-run", "--out", Path.Combine(dir.Path, "out"));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("#!/bin/bash", result.Output);
        Assert.Contains("#SBATCH --array=0-5", result.Lines);
        Assert.Contains("#SBATCH --partition=short", result.Lines);
        Assert.Contains("#SBATCH --gres=gpu:1", result.Lines);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));   // nothing written, nothing submitted
    }
}
