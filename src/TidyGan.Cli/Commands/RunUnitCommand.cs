using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments;
using TidyGan.Experiments.Modes;
using TidyGan.Experiments.Sweeps;
using TidyGan.Experiments.Units;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan run-unit PLAN INDEX`: runs one unit of a plan — what a local job or a Slurm array task runs. The unit's
/// lock keeps a second copy from running; a done unit is skipped; a `train` unit resumes from its last checkpoint.
/// Exit code 0 when the unit is done, 130 when a signal stopped it (it checkpointed first), 1 on an error.
/// </summary>
public sealed class RunUnitCommand : Command<RunUnitCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PLAN>")]
        [Description("plan.json (or the study folder that holds it)")]
        public string Plan { get; init; } = "";

        [CommandArgument(1, "<INDEX>")]
        [Description("The unit's index (a Slurm array task passes $SLURM_ARRAY_TASK_ID)")]
        public int Index { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plan = UnitPlan.Load(settings.Plan);
        var unit = plan[settings.Index];
        AnsiConsole.MarkupLineInterpolated($"unit {settings.Index} of {plan.Units.Count} ({plan.Study}): {unit.Name} in {plan.UnitFolder(settings.Index)}");
        using var stop = new StopOnSignal(cancellationToken);
        UnitBody body = unit.Kind switch
        {
            SweepConfig.UnitKind => Train,
            ModeBenchmark.UnitKind => (u, folder, token) => { ModeBenchmark.RunUnit(u, folder, token); return true; },
            _ => throw new IO.UserException($"{plan.PlanPath}: unit {settings.Index} has kind '{unit.Kind}', which this tidygan does not run"),
        };
        var outcome = UnitRunner.Run(plan, settings.Index, body, stop.Token);
        AnsiConsole.WriteLine($"unit {settings.Index}: " + outcome switch
        {
            UnitOutcome.Completed => "done",
            UnitOutcome.AlreadyDone => "already done (its folder holds the finished unit)",
            _ => "stopped by a signal after saving a checkpoint; run it again to resume",
        });
        return outcome == UnitOutcome.Stopped ? 130 : 0;
    }

    /// <summary>A `train VERB` unit: the train verb itself, in this process, into the unit's run/ folder — resumed
    /// from its latest checkpoint when an earlier attempt left one.</summary>
    private static bool Train(RunUnit unit, string folder, CancellationToken cancellation)
    {
        var run = Path.Combine(folder, SweepConfig.RunFolder);
        List<string> args;
        if (File.Exists(Path.Combine(run, Checkpoint.Folder, Checkpoint.LatestFile)))
        {
            var checkpoint = Checkpoint.Resolve(run);
            var manifest = Checkpoint.ReadManifest(checkpoint);
            // Killed after its last step but before arm.json: the run itself is complete.
            if (manifest.Step >= manifest.Trainer.Steps) { AnsiConsole.MarkupLineInterpolated($"{checkpoint} is the last step: complete"); return true; }
            args = ["train", (string)unit.Configuration["verb"]!, "--resume", run];
            AnsiConsole.MarkupLineInterpolated($"resuming from {checkpoint}");
        }
        else
        {
            if (Directory.Exists(run)) AnsiConsole.MarkupLineInterpolated($"no checkpoint in {run}: moved aside to {ArmCache.MoveAside(run)}");
            args = [.. SweepConfig.TrainArguments(unit.Configuration), "--out", run];
        }
        var app = new CommandApp();
        app.Configure(config =>
        {
            CliApp.Configure(config);
            config.PropagateExceptions();
        });
        int code = app.Run(args, cancellation);
        return code switch
        {
            0 => true,
            130 => false,
            _ => throw new IO.UserException($"`tidygan {string.Join(' ', args)}` ended with exit code {code}"),
        };
    }
}
