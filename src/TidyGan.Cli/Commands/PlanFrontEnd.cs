using Spectre.Console;
using TidyGan.Experiments.Units;

namespace TidyGan.Cli.Commands;

/// <summary>
/// What the verbs that run a plan of units share on the command line: the command a task runs (this very program),
/// starting the units through the chosen executor with a line per event, `--dry-run`, `--wait` and the status table.
/// </summary>
internal static class PlanFrontEnd
{
    /// <summary>`tidygan run-unit` as this process was started: "dotnet PATH/TidyGan.Cli.dll", or the app host.</summary>
    public static UnitCommand Command()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(PlanFrontEnd).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? new UnitCommand(process, [dll]) : new UnitCommand(process, []);
    }

    /// <summary>Runs or submits <paramref name="indices"/>; false when it only printed a dry run. Local runs are finished on return.</summary>
    public static bool Start(UnitPlan plan, IReadOnlyList<int> indices, ExecutorChoice executor, bool dryRun, CancellationToken cancellation)
    {
        var command = Command();
        if (dryRun)
        {
            if (executor.Kind != ExecutorKind.Slurm) throw new IO.UserException("--dry-run applies to --executor slurm (it prints the batch script)");
            Console.Write(SlurmExecutor.Script(plan, indices, command, executor.Slurm!));
            return false;
        }
        if (indices.Count == 0) return true;
        var submission = PlanExecution.Start(plan, indices, command, executor,
            onLocalExit: (i, code) => AnsiConsole.WriteLine($"unit {i} ({plan[i].Name}): {(code == 0 ? "done" : $"exit {code}")} (log: {Path.Combine(plan.Folder, LocalExecutor.LogFolder, $"unit-{i}.log")})"),
            cancellation: cancellation);
        if (submission.SlurmJob is { } job)
            AnsiConsole.MarkupLineInterpolated($"submitted {indices.Count} unit(s) as Slurm job array {job} (task logs: {Path.Combine(plan.Folder, SlurmExecutor.Folder)})");
        return true;
    }

    /// <summary>Waits until no unit is pending or running, printing the counts as they change.</summary>
    public static IReadOnlyList<UnitReport> Wait(UnitPlan plan, CancellationToken cancellation) =>
        PlanExecution.Wait(UnitPlan.Load(plan.PlanPath), TimeSpan.FromSeconds(2),
            reports => AnsiConsole.MarkupLineInterpolated($"{DateTime.Now:HH:mm:ss} {PlanExecution.Summary(reports)}"), cancellation);

    public static void ShowStatus(IReadOnlyList<UnitReport> reports)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("unit", "name", "state", "detail");
        foreach (var r in reports)
        {
            var colour = r.State switch { UnitState.Done => "green", UnitState.Failed => "red", UnitState.Running => "yellow", _ => "grey" };
            table.AddRow(r.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(r.Name), $"[{colour}]{r.State.ToString().ToLowerInvariant()}[/]", Markup.Escape(r.Detail));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(PlanExecution.Summary(reports));
    }
}
