using System.Globalization;
using System.Text.Json.Nodes;
using TidyGan.IO;

namespace TidyGan.Experiments.Units;

/// <summary>What running one unit came to.</summary>
public enum UnitOutcome
{
    /// <summary>It ran to the end; arm.json was written.</summary>
    Completed,

    /// <summary>Its folder already held the finished unit (same key): nothing ran.</summary>
    AlreadyDone,

    /// <summary>It was stopped (a signal: Ctrl+C, scancel, preemption) after saving what it could; run it again to resume.</summary>
    Stopped,
}

/// <summary>
/// Trains one unit in <paramref name="folder"/> (which holds the lock and may hold an earlier, interrupted attempt to
/// resume from). True when the unit completed, false when a signal stopped it.
/// </summary>
public delegate bool UnitBody(RunUnit unit, string folder, CancellationToken cancellation);

/// <summary>
/// Runs unit INDEX of a plan — what `tidygan run-unit PLAN INDEX` and every executor's task do: take the unit's lock
/// (<see cref="UnitLock"/>; a unit that is running elsewhere is an error, never a second run), skip a unit that is done,
/// append the attempt to attempts.jsonl, run the body (which resumes from a checkpoint when its kind can), then write
/// arm.json (done) or unit-exit.json (stopped / failed, with the reason) for `sweep status`.
/// </summary>
public static class UnitRunner
{
    public const string AttemptsFile = "attempts.jsonl";
    public const string ExitFile = "unit-exit.json";

    public static UnitOutcome Run(UnitPlan plan, int index, UnitBody body, CancellationToken cancellation = default)
    {
        var unit = plan[index];
        var folder = plan.UnitFolder(index);
        using var held = UnitLock.TryAcquire(folder, TimeSpan.FromSeconds(10))
            ?? throw new UserException($"unit {index} ({unit.Name}) is already running ({UnitLock.Holder(folder)}); a unit never runs twice at once");
        var key = unit.Key;
        var probe = ArmCache.Probe(folder, key);
        if (probe.State == ArmState.Reusable) return UnitOutcome.AlreadyDone;
        if (probe.State == ArmState.Different) throw new ArmMismatchException(folder, probe.Differences);

        File.Delete(Path.Combine(folder, ExitFile));
        File.AppendAllText(Path.Combine(folder, AttemptsFile), Record("started", null).ToJsonString() + "\n");
        bool completed;
        try { completed = body(unit, folder, cancellation); }
        catch (Exception e)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, ExitFile), Record("failed", $"{e.GetType().Name}: {e.Message}").ToJsonString());
            throw;
        }
        if (!completed)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, ExitFile), Record("stopped", "stopped by a signal; rerun to resume").ToJsonString());
            return UnitOutcome.Stopped;
        }
        ArmCache.Complete(folder, key);
        return UnitOutcome.Completed;
    }

    private static JsonObject Record(string state, string? message) => new()
    {
        ["state"] = state,
        ["message"] = message,
        ["host"] = Environment.MachineName,
        ["pid"] = Environment.ProcessId,
        ["slurmJob"] = UnitLock.SlurmTask(),
        ["utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };
}
