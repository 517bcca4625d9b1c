namespace TidyGan.Experiments.Units;

/// <summary>What a submission did: the local executor's exit codes, or the Slurm job id.</summary>
public sealed record Submission(IReadOnlyList<int> Units, string? SlurmJob, IReadOnlyDictionary<int, int>? LocalExitCodes);

/// <summary>
/// Runs a plan's units through its executor and reads where they stand — what the study verbs and `sweep` share:
/// <see cref="Start"/> (local: run them now; slurm: submit one array), <see cref="Status"/> (the unit folders plus
/// squeue for a Slurm plan), <see cref="Wait"/> (until none is pending or running) and <see cref="ToResubmit"/>.
/// </summary>
public static class PlanExecution
{
    /// <summary>Records the executor in plan.json and runs (local) or submits (slurm) the given units.</summary>
    public static Submission Start(UnitPlan plan, IReadOnlyList<int> indices, UnitCommand command, ExecutorChoice executor,
        Action<int, int>? onLocalExit = null, CancellationToken cancellation = default)
    {
        plan = (plan with { Executor = executor }).Write(plan.Folder);
        if (indices.Count == 0) return new Submission(indices, null, null);
        return executor.Kind switch
        {
            ExecutorKind.Local => new Submission(indices, null,
                LocalExecutor.Run(plan, indices, command, executor.Local ?? new LocalExecutorOptions(), onLocalExit, cancellation)),
            _ => new Submission(indices, SlurmExecutor.Submit(plan, indices, command, executor.Slurm ?? new SlurmOptions()), null),
        };
    }

    /// <summary>Every unit's state; for a plan submitted to Slurm, squeue's view is added (queued, running, gone).</summary>
    public static IReadOnlyList<UnitReport> Status(UnitPlan plan) =>
        UnitStatus.Read(plan, plan.Executor?.Kind == ExecutorKind.Slurm ? SlurmExecutor.Queue(plan) : null);

    /// <summary>Polls <see cref="Status"/> until no unit is pending or running; <paramref name="onChange"/> sees each new count.</summary>
    public static IReadOnlyList<UnitReport> Wait(UnitPlan plan, TimeSpan poll, Action<IReadOnlyList<UnitReport>>? onChange = null,
        CancellationToken cancellation = default)
    {
        string last = "";
        while (true)
        {
            var reports = Status(plan);
            var counts = Summary(reports);
            if (counts != last) { onChange?.Invoke(reports); last = counts; }
            if (reports.All(r => r.State is UnitState.Done or UnitState.Failed)) return reports;
            cancellation.WaitHandle.WaitOne(poll);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Units to run again: failed, stopped, cancelled or killed ones (a Slurm plan's never-started units that
    /// left the queue count as failed too).</summary>
    public static IReadOnlyList<int> ToResubmit(IReadOnlyList<UnitReport> reports) =>
        reports.Where(r => r.State == UnitState.Failed).Select(r => r.Index).ToList();

    /// <summary>"3 done, 1 running, 0 failed, 2 pending".</summary>
    public static string Summary(IReadOnlyList<UnitReport> reports) =>
        $"{Count(reports, UnitState.Done)} done, {Count(reports, UnitState.Running)} running, {Count(reports, UnitState.Failed)} failed, {Count(reports, UnitState.Pending)} pending";

    private static int Count(IReadOnlyList<UnitReport> reports, UnitState state) => reports.Count(r => r.State == state);
}
