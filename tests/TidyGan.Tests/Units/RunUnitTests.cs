using System.Text.Json.Nodes;
using TidyGan.Experiments;
using TidyGan.Experiments.Sweeps;
using TidyGan.Experiments.Units;
using TidyGan.IO;

namespace TidyGan.Tests.Units;

/// <summary>Plans, the unit lock, the unit runner's records and the Slurm batch script, without a cluster.</summary>
public class RunUnitTests
{
    private static SweepConfig Sweep(string json) => SweepConfig.Parse((JsonObject)JsonNode.Parse(json)!, "sweep.json");

    [Fact]
    public void SweepIsTheProductOfTheGridTimesTheSeeds()
    {
        var config = Sweep("""{ "verb": "dcgan", "options": { "data": "fashion-mnist", "steps": 20, "flip": true, "augment": false }, "grid": { "lr": [0.0002, 0.001], "width": [8, 16, 32] }, "seeds": [3, 4] }""");
        var units = config.Units();
        Assert.Equal(12, units.Count);
        Assert.Equal("lr=0.0002 width=8 seed=3", units[0].Name);
        Assert.Equal("lr=0.0002 width=8 seed=4", units[1].Name);
        Assert.Equal("lr=0.001 width=32 seed=4", units[^1].Name);
        Assert.Equal(12, units.Select(u => u.Key.Hash).Distinct().Count());
        Assert.All(units, u => Assert.Equal(Path.Combine("units", u.Key.Hash[..16]), u.Folder));
        // The configuration is canonical (options in name order); a true boolean is the bare flag, a false one is left out.
        Assert.Equal(["train", "dcgan", "--data", "fashion-mnist", "--flip", "--lr", "0.0002", "--seed", "4", "--steps", "20", "--width", "8"],
            SweepConfig.TrainArguments(units[1].Configuration));
    }

    [Theory]
    [InlineData("""{ "options": {} }""", "\"verb\" is required")]
    [InlineData("""{ "verb": "dcgan", "options": { "out": "x" } }""", "\"out\" is set by the sweep")]
    [InlineData("""{ "verb": "dcgan", "grid": { "lr": [] } }""", "non-empty array")]
    [InlineData("""{ "verb": "dcgan", "options": { "lr": 1 }, "grid": { "lr": [1, 2] } }""", "both options and grid")]
    [InlineData("""{ "verb": "dcgan", "seeds": [1, 1] }""", "distinct")]
    [InlineData("""{ "verb": "dcgan", "seeds": ["a"] }""", "array of integers")]
    [InlineData("""{ "verb": "dcgan", "grids": {} }""", "unknown key \"grids\"")]
    public void BadSweepConfigurationsAreNamed(string json, string message) =>
        Assert.Contains(message, Assert.Throws<UserException>(() => Sweep(json)).Message);

    [Fact]
    public void PlanRoundTripsAndRefusesAnotherPlanInItsFolder()
    {
        using var dir = new TempDirectory();
        var config = Sweep("""{ "verb": "dcgan", "options": { "data": "fashion-mnist" }, "grid": { "lr": [0.1, 0.2] } }""");
        var plan = config.Plan().Write(dir.Path);
        var loaded = UnitPlan.Load(dir.Path);
        Assert.Equal(plan.Units.Select(u => u.Key.Hash), loaded.Units.Select(u => u.Key.Hash));
        Assert.Equal(Path.Combine(dir.Path, plan.Units[1].Folder), loaded.UnitFolder(1));
        config.Plan().Write(dir.Path);   // the same plan again: fine
        var other = Sweep("""{ "verb": "dcgan", "options": { "data": "fashion-mnist" }, "grid": { "lr": [0.1, 0.3] } }""");
        Assert.Contains("holds another plan", Assert.Throws<UserException>(() => other.Plan().Write(dir.Path)).Message);
        Assert.Contains("there is no unit 2", Assert.Throws<UserException>(() => loaded[2]).Message);
    }

    [Fact]
    public void TheLockKeepsASecondHolderOutAndIsFreeAfterRelease()
    {
        using var dir = new TempDirectory();
        using (var first = UnitLock.TryAcquire(dir.Path, TimeSpan.Zero))
        {
            Assert.NotNull(first);
            Assert.True(UnitLock.IsHeld(dir.Path));
            Assert.Null(UnitLock.TryAcquire(dir.Path, TimeSpan.FromMilliseconds(300)));
            Assert.Contains($"\"pid\":{Environment.ProcessId}", UnitLock.Holder(dir.Path));
        }
        Assert.False(UnitLock.IsHeld(dir.Path));
        using var again = UnitLock.TryAcquire(dir.Path, TimeSpan.Zero);
        Assert.NotNull(again);
    }

    [Fact]
    public void RunnerRecordsDoneStoppedAndFailedUnitsAndNeverRunsALockedOne()
    {
        using var dir = new TempDirectory();
        var plan = Sweep("""{ "verb": "dcgan", "options": { "data": "x" }, "seeds": [0, 1, 2, 3] }""").Plan().Write(dir.Path);
        int calls = 0;
        Assert.Equal(UnitOutcome.Completed, UnitRunner.Run(plan, 0, (_, _, _) => { calls++; return true; }));
        Assert.Equal(UnitOutcome.AlreadyDone, UnitRunner.Run(plan, 0, (_, _, _) => { calls++; return true; }));
        Assert.Equal(1, calls);
        Assert.Equal(UnitOutcome.Stopped, UnitRunner.Run(plan, 1, (_, _, _) => false));
        Assert.Throws<InvalidOperationException>(() => UnitRunner.Run(plan, 2, (_, _, _) => throw new InvalidOperationException("diverged at step 7")));
        using (UnitLock.TryAcquire(plan.UnitFolder(3), TimeSpan.Zero))
        {
            var running = UnitStatus.Read(plan)[3];
            Assert.Equal(UnitState.Running, running.State);
            Assert.Contains("already running", Assert.Throws<UserException>(() => UnitRunner.Run(plan, 3, (_, _, _) => { calls++; return true; })).Message);
        }
        Assert.Equal(1, calls);
        var status = UnitStatus.Read(plan);
        Assert.Equal([UnitState.Done, UnitState.Failed, UnitState.Failed, UnitState.Pending], status.Select(s => s.State));
        Assert.Contains("stopped", status[1].Detail);
        Assert.Contains("diverged at step 7", status[2].Detail);
        Assert.Equal([1, 2], PlanExecution.ToResubmit(status));
        Assert.True(File.Exists(Path.Combine(plan.UnitFolder(0), ArmCache.FileName)));
    }

    [Fact]
    public void BatchScriptIsOneArrayWithTheResourcesAndTheRunUnitTask()
    {
        using var dir = new TempDirectory();
        var plan = Sweep("""{ "verb": "dcgan", "options": { "data": "x" }, "seeds": [0, 1, 2, 3, 4] }""").Plan().Write(dir.Path);
        var command = new UnitCommand("/usr/bin/dotnet", ["/opt/tidy gan/TidyGan.Cli.dll"]);
        var script = SlurmExecutor.Script(plan, [0, 1, 2, 3, 4], command,
            new SlurmOptions(CpusPerTask: 2, Memory: "3G", Time: "1-00:00:00", Partition: "gpu", Account: "lab", Gpus: 1, MaxRunning: 2, Setup: ["module load dotnet"]));
        var lines = script.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var line in new[] { "#SBATCH --array=0-4%2", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=3G", "#SBATCH --time=1-00:00:00",
                     "#SBATCH --partition=gpu", "#SBATCH --account=lab", "#SBATCH --gres=gpu:1", "module load dotnet" })
            Assert.Contains(line, lines);
        Assert.Contains($"exec '/usr/bin/dotnet' '/opt/tidy gan/TidyGan.Cli.dll' 'run-unit' '{plan.PlanPath}' \"$SLURM_ARRAY_TASK_ID\"", lines);
        Assert.True(Array.IndexOf(lines, "module load dotnet") < Array.FindIndex(lines, l => l.StartsWith("exec ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("#SBATCH --gres", StringComparison.Ordinal) && !l.EndsWith("gpu:1", StringComparison.Ordinal));
        Assert.DoesNotContain("--gres", SlurmExecutor.Script(plan, [1, 3], command, new SlurmOptions()));
        Assert.Contains("#SBATCH --array=1,3\n", SlurmExecutor.Script(plan, [1, 3], command, new SlurmOptions()));
        Assert.Contains("--mem", Assert.Throws<UserException>(() => new SlurmOptions(Memory: "lots").Validate()).Message);
        Assert.Contains("--time", Assert.Throws<UserException>(() => new SlurmOptions(Time: "soon").Validate()).Message);
    }
}
