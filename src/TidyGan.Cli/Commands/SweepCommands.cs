using System.ComponentModel;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments.Sweeps;
using TidyGan.Experiments.Units;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan sweep --config sweep.json --executor local|slurm --out DIR`: a grid over `train` options as a plan
/// of units (DIR/plan.json), run locally or as one Slurm job array; the table is written once every unit is done.</summary>
public sealed class SweepCommand : Command<SweepCommand.Settings>
{
    public sealed class Settings : ExecutorSettings
    {
        [CommandOption("--config <FILE>")]
        [Description("sweep.json: {\"verb\": \"dcgan\", \"options\": {…}, \"grid\": {\"lr\": [2e-4, 1e-3]}, \"seeds\": [0, 1]} (see docs/cluster.md)")]
        public string? Config { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("The sweep's folder: plan.json, units/HASH/run, results.json/.md; on a cluster, a shared filesystem")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Config is null) return ValidationResult.Error("--config FILE is required");
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = SweepConfig.Load(settings.Config!);
        CheckFlags(config);
        var executor = settings.Choice();
        var plan = config.Plan() with { Folder = Path.GetFullPath(settings.Out!) };
        if (!settings.DryRun) plan = plan.Write(plan.Folder);
        var todo = settings.DryRun ? Enumerable.Range(0, plan.Units.Count).ToList() : SweepCollectCommand.ToStart(plan);
        if (!settings.DryRun)   // a dry run prints the batch script alone, to be redirected into a file
            AnsiConsole.MarkupLineInterpolated($"sweep of `train {config.Verb}`: {plan.Units.Count} units in {plan.PlanPath}, {todo.Count} to {(executor.Kind == ExecutorKind.Local ? "run" : "submit")}");
        if (!PlanFrontEnd.Start(plan, todo, executor, settings.DryRun, cancellationToken)) return 0;
        if (executor.Kind == ExecutorKind.Slurm && !settings.Wait)
        {
            AnsiConsole.MarkupLineInterpolated($"watch it with `tidygan sweep status {settings.Out}`; `tidygan sweep collect {settings.Out}` writes the table (and resubmits failed units)");
            return 0;
        }
        return SweepCollectCommand.Collect(UnitPlan.Load(plan.PlanPath), wait: true, retries: 0, cancellationToken);
    }

    /// <summary>Every option the sweep sets must be a flag of `train VERB` (checked here, not by the first unit to fail).</summary>
    private static void CheckFlags(SweepConfig config)
    {
        if (config.Verb is not ("dcgan" or "cgan")) throw new IO.UserException($"sweep \"verb\" '{config.Verb}' is not one of dcgan, cgan");
        var flags = typeof(TrainSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>()).OfType<CommandOptionAttribute>()
            .SelectMany(a => a.LongNames).ToHashSet(StringComparer.Ordinal);
        var unknown = config.OptionNames.Where(n => !flags.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new IO.UserException($"sweep options {string.Join(", ", unknown.Select(n => $"\"{n}\""))} are not flags of `tidygan train {config.Verb}` (known: {string.Join(", ", flags.Order())})");
    }
}

/// <summary>Flags of `sweep status|collect DIR`.</summary>
public class SweepFolderSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("The sweep's (or study's) folder, holding plan.json")]
    public string Folder { get; init; } = "";
}

/// <summary>`tidygan sweep status DIR`: done / running / failed / pending per unit, from the unit folders and squeue.</summary>
public sealed class SweepStatusCommand : Command<SweepFolderSettings>
{
    public override int Execute(CommandContext context, SweepFolderSettings settings, CancellationToken cancellationToken)
    {
        PlanFrontEnd.ShowStatus(PlanExecution.Status(UnitPlan.Load(settings.Folder)));
        return 0;
    }
}

/// <summary>`tidygan sweep collect DIR`: writes the table once every unit is done; resubmits failed, stopped or cancelled
/// units (they resume from their last checkpoint) through the executor that ran them. Exit code 75 while the table is
/// not written yet.</summary>
public sealed class SweepCollectCommand : Command<SweepCollectCommand.Settings>
{
    public const int NotYet = 75;   // EX_TEMPFAIL: try again later

    public sealed class Settings : SweepFolderSettings
    {
        [CommandOption("--wait")]
        [Description("Wait for running and resubmitted units, then write the table")]
        public bool Wait { get; init; }

        [CommandOption("--retries <N>")]
        [Description("With --wait: resubmit failed units at most N times (default 2)")]
        public int Retries { get; init; } = 2;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Collect(UnitPlan.Load(settings.Folder), settings.Wait, settings.Retries, cancellationToken);

    /// <summary>Units to start: not done, not running, not waiting in Slurm's queue.</summary>
    internal static List<int> ToStart(UnitPlan plan) => PlanExecution.Status(UnitPlan.Load(plan.PlanPath))
        .Where(r => r.State is UnitState.Pending or UnitState.Failed && !r.Detail.StartsWith("Slurm", StringComparison.Ordinal)).Select(r => r.Index).ToList();

    internal static int Collect(UnitPlan plan, bool wait, int retries, CancellationToken cancellation)
    {
        if (plan.Study != "sweep") throw new IO.UserException($"{plan.PlanPath} is a '{plan.Study}' study: rerun `tidygan {plan.Study}` with the same flags to write its table");
        for (int round = 0; ; round++)
        {
            var reports = wait ? PlanFrontEnd.Wait(plan, cancellation) : PlanExecution.Status(plan);
            if (reports.All(r => r.State == UnitState.Done))
            {
                var (json, md) = SweepTable.Write(plan, SweepTable.Read(plan));
                AnsiConsole.Write(new Text(File.ReadAllText(md)));
                AnsiConsole.MarkupLineInterpolated($"wrote {json} and {md}");
                return 0;
            }
            var failed = PlanExecution.ToResubmit(reports);
            PlanFrontEnd.ShowStatus(reports);
            if (failed.Count == 0 || plan.Executor is null || round >= retries)
            {
                AnsiConsole.MarkupLineInterpolated($"not every unit is done: the table is written once they are (`tidygan sweep collect {plan.Folder}` again)");
                return NotYet;
            }
            AnsiConsole.MarkupLineInterpolated($"resubmitting {failed.Count} unit(s) ({string.Join(", ", failed)}); each resumes from its last checkpoint");
            PlanFrontEnd.Start(plan, failed, plan.Executor, dryRun: false, cancellation);
            plan = UnitPlan.Load(plan.PlanPath);
            if (!wait && plan.Executor?.Kind == ExecutorKind.Slurm) return NotYet;   // local units have finished by now: look again
        }
    }
}
