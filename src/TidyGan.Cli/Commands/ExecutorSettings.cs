using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Experiments.Units;

namespace TidyGan.Cli.Commands;

/// <summary>Flags of every verb that runs a plan of units: which executor, and its options (each maps onto
/// <see cref="LocalExecutorOptions"/> or <see cref="SlurmOptions"/>).</summary>
public class ExecutorSettings : CommandSettings
{
    [CommandOption("--executor <NAME>")]
    [Description("local (processes on this machine, --jobs at a time) or slurm (one job array, one task per run)")]
    public string? Executor { get; init; }

    [CommandOption("--jobs <N>")]
    [Description("local: runs trained in parallel (default 2, one libtorch thread each)")]
    public int Jobs { get; init; } = 2;

    [CommandOption("--dry-run")]
    [Description("slurm: print the batch script, submit nothing")]
    public bool DryRun { get; init; }

    [CommandOption("--wait")]
    [Description("slurm: wait until every unit has finished (polling squeue and the unit folders), then write the table")]
    public bool Wait { get; init; }

    [CommandOption("--partition <NAME>")]
    public string? Partition { get; init; }

    [CommandOption("--account <NAME>")]
    public string? Account { get; init; }

    [CommandOption("--cpus-per-task <N>")]
    [Description("slurm: CPUs per run (default 1; also its OMP_NUM_THREADS)")]
    public int CpusPerTask { get; init; } = 1;

    [CommandOption("--mem <SIZE>")]
    [Description("slurm: memory per run (default 4G)")]
    public string Memory { get; init; } = "4G";

    [CommandOption("--time <LIMIT>")]
    [Description("slurm: time limit per run (default 04:00:00); a run stopped by it checkpoints and is resubmitted by `sweep collect`")]
    public string Time { get; init; } = "04:00:00";

    [CommandOption("--gpus <N>")]
    [Description("slurm: GPUs per run (--gres=gpu:N; default 0); pass --device cuda to the runs as well")]
    public int Gpus { get; init; }

    [CommandOption("--max-running <N>")]
    [Description("slurm: at most N array tasks at once")]
    public int? MaxRunning { get; init; }

    [CommandOption("--setup <LINE>")]
    [Description("slurm: a shell line the task runs first, e.g. \"module load dotnet\" (repeat for several)")]
    public string[] Setup { get; init; } = [];

    public ExecutorChoice Choice(ExecutorKind fallback = ExecutorKind.Local)
    {
        var kind = Executor is null ? fallback : ExecutorChoice.Parse(Executor);
        return kind == ExecutorKind.Local
            ? new ExecutorChoice(kind, Local: new LocalExecutorOptions(Jobs).Validate())
            : new ExecutorChoice(kind, Slurm: new SlurmOptions(CpusPerTask, Memory, Time, Partition, Account, Gpus, MaxRunning, Setup.Length > 0 ? Setup : null).Validate());
    }

    public override ValidationResult Validate()
    {
        if (Jobs < 1) return ValidationResult.Error($"--jobs must be at least 1 (got {Jobs})");
        if (Executor is not null and not ("local" or "slurm")) return ValidationResult.Error($"--executor '{Executor}' is not one of local, slurm");
        return ValidationResult.Success();
    }
}
