using System.Text.Json.Nodes;

namespace TidyGan.Experiments.Units;

/// <summary>Where a unit stands.</summary>
public enum UnitState
{
    /// <summary>Not started (or queued in Slurm).</summary>
    Pending,

    /// <summary>A process holds its lock (or Slurm reports its task running).</summary>
    Running,

    /// <summary>arm.json with the unit's key: finished.</summary>
    Done,

    /// <summary>It started and ended without finishing: failed, stopped by a signal, cancelled or killed. Resubmit it.</summary>
    Failed,
}

/// <summary>One unit's state and a short reason ("queued as 12_3", the failure message).</summary>
public sealed record UnitReport(int Index, string Name, UnitState State, string Detail);

/// <summary>The state of every unit of a plan, read from the unit folders, plus the Slurm queue when given.</summary>
public static class UnitStatus
{
    /// <param name="queue">Slurm's view (unit index → state), from <see cref="SlurmExecutor.Queue"/>; null for a local plan.</param>
    public static IReadOnlyList<UnitReport> Read(UnitPlan plan, IReadOnlyDictionary<int, SlurmTaskState>? queue = null) =>
        plan.Units.Select((unit, i) => Probe(plan, i, queue is not null && queue.TryGetValue(i, out var q) ? q : null, queue)).ToList();

    private static UnitReport Probe(UnitPlan plan, int index, SlurmTaskState? queued, IReadOnlyDictionary<int, SlurmTaskState>? queue)
    {
        var unit = plan[index];
        var folder = plan.UnitFolder(index);
        ArmProbe arm;
        try { arm = ArmCache.Probe(folder, unit.Key); }
        catch (ArmCacheException e) { return new UnitReport(index, unit.Name, UnitState.Failed, e.Message); }
        if (arm.State == ArmState.Reusable) return new UnitReport(index, unit.Name, UnitState.Done, "");
        if (arm.State == ArmState.Different)
            return new UnitReport(index, unit.Name, UnitState.Failed, "its folder holds another configuration: " + string.Join("; ", arm.Differences));
        if (UnitLock.IsHeld(folder)) return new UnitReport(index, unit.Name, UnitState.Running, UnitLock.Holder(folder));
        if (queued is { } q)
            return new UnitReport(index, unit.Name, q.Running ? UnitState.Running : UnitState.Pending, $"Slurm {q.Task} {q.State}");
        var exit = Path.Combine(folder, UnitRunner.ExitFile);
        if (File.Exists(exit))
        {
            var record = JsonNode.Parse(File.ReadAllText(exit));
            return new UnitReport(index, unit.Name, UnitState.Failed, $"{record?["state"]}: {record?["message"]}");
        }
        if (File.Exists(Path.Combine(folder, UnitRunner.AttemptsFile)))
            return new UnitReport(index, unit.Name, UnitState.Failed, "started but ended without a record (killed, cancelled or out of time)");
        if (queue is not null && plan.Executor?.Kind == ExecutorKind.Slurm && SlurmExecutor.Jobs(plan).Count > 0)
            return new UnitReport(index, unit.Name, UnitState.Failed, "not in Slurm's queue and never started (cancelled while pending?)");
        return new UnitReport(index, unit.Name, UnitState.Pending, "");
    }
}
