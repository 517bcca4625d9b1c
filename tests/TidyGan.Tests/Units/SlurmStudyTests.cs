using System.Diagnostics;
using System.Text.Json.Nodes;
using TidyGan.Experiments.Units;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Units;

/// <summary>
/// The same small studies through the local executor and through a real (one-node) Slurm: equal tables, bit for bit
/// (the runs are seeded and single-threaded); a task cancelled mid-run with scancel is resubmitted by `sweep collect`,
/// resumes from its checkpoint and ends at the same numbers.
/// </summary>
[Trait(Traits.Category, Traits.Slow)]
public class SlurmStudyTests
{
    private const string SweepJson = """
        { "verb": "dcgan",
          "options": { "data": "fashion-mnist", "limit": 256, "batch": 16, "steps": 400, "width": 8, "checkpoint-every": 100, "sample-every": 400 },
          "grid": { "lr": [0.0002, 0.001] },
          "seeds": [0, 1] }
        """;

    [SlurmFact]
    public void SweepThroughSlurmEqualsLocalAndACancelledTaskIsResubmittedAndResumes()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "sweep.json");
        File.WriteAllText(config, SweepJson);
        string local = Path.Combine(dir.Path, "local"), slurm = Path.Combine(dir.Path, "slurm");

        var submitted = CliRunner.Run("sweep", "--config", config, "--executor", "slurm", "--mem", "1G", "--time", "20", "--out", slurm);
        Assert.True(submitted.ExitCode == 0, submitted.Output);
        var plan = UnitPlan.Load(slurm);
        var job = SlurmExecutor.Jobs(plan).Single();

        // Cancel unit 0's task once it has logged a step (and is not done): scancel sends SIGTERM, the run checkpoints.
        var scalars = Path.Combine(plan.UnitFolder(0), "run", "scalars.csv");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(scalars) && File.ReadAllLines(scalars).Length > 1))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "unit 0 logged no step within 5 minutes: " + Log(slurm));
            Thread.Sleep(100);
        }
        Assert.Equal(0, Scancel($"{job}_0"));
        var reports = PlanExecution.Wait(plan, TimeSpan.FromSeconds(1));
        Assert.True(reports[0].State == UnitState.Failed, $"unit 0 should have been stopped by scancel, is {reports[0].State} ({reports[0].Detail}); {Log(slurm)}");
        Assert.Contains("stopped", reports[0].Detail);

        var collected = CliRunner.Run("sweep", "collect", slurm, "--wait");
        Assert.True(collected.ExitCode == 0, collected.Output + Log(slurm));
        Assert.Contains("resubmitting 1 unit(s) (0)", collected.Output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(plan.UnitFolder(0), UnitRunner.AttemptsFile)).Length);
        Assert.Contains(Directory.GetFiles(Path.Combine(slurm, "slurm"), "*_0.out"), f => File.ReadAllText(f).Contains("resuming from"));

        var ran = CliRunner.Run("sweep", "--config", config, "--executor", "local", "--jobs", "2", "--out", local);
        Assert.True(ran.ExitCode == 0, ran.Output);
        var rows = Rows(local);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(400, (long)r!["step"]!));
        Assert.Equal(rows.ToJsonString(), Rows(slurm).ToJsonString());
    }

    [SlurmFact]
    public void ModesThroughSlurmGivesTheLocalExecutorsTable()
    {
        using var dir = new TempDirectory();
        string[] study = ["modes", "--data", "ring8", "--method", "ns,pacgan2", "--seeds", "2", "--steps", "12", "--eval-every", "6",
            "--generator-width", "16", "--discriminator-width", "8"];
        var local = CliRunner.Run([.. study, "--executor", "local", "--out", Path.Combine(dir.Path, "local")]);
        Assert.True(local.ExitCode == 0, local.Output);
        var slurm = CliRunner.Run([.. study, "--executor", "slurm", "--mem", "1G", "--time", "10", "--wait", "--out", Path.Combine(dir.Path, "slurm")]);
        Assert.True(slurm.ExitCode == 0, slurm.Output + Log(Path.Combine(dir.Path, "slurm")));
        Assert.Contains("submitted 4 unit(s) as Slurm job array", slurm.Output);
        Assert.Equal(Scores(Path.Combine(dir.Path, "local")), Scores(Path.Combine(dir.Path, "slurm")));
    }

    /// <summary>The sweep table's rows (no tool version, no times).</summary>
    private static JsonArray Rows(string folder) => (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!["rows"]!;

    /// <summary>What the mode table measures, per row and per run: not its times.</summary>
    private static string Scores(string folder)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;
        var rows = ((JsonArray)json["rows"]!).Select(r => new JsonArray(r!["data"]!.DeepClone(), r["method"]!.DeepClone(), r["modes_recovered"]!.DeepClone(),
            r["high_quality_percent"]!.DeepClone(), r["kl_to_uniform"]!.DeepClone()));
        var runs = ((JsonArray)json["runs"]!).Select(r => new JsonArray(r!["final"]!.DeepClone(), r["curve"]!.DeepClone()));
        Assert.NotEmpty(runs);
        return new JsonArray([.. rows, .. runs]).ToJsonString();
    }

    private static int Scancel(string task)
    {
        using var process = Process.Start(new ProcessStartInfo("scancel", task))!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The Slurm task logs of a study folder, for a failing assertion's message.</summary>
    private static string Log(string folder)
    {
        var logs = Path.Combine(folder, "slurm");
        return Directory.Exists(logs)
            ? string.Join("\n", Directory.GetFiles(logs, "*.out").Order().Select(f => $"--- {f}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"))
            : "(no slurm/ folder)";
    }
}
