using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TidyGan.Experiments.Units;

/// <summary>A unit's task as Slurm's queue shows it ("12_3", "RUNNING").</summary>
public sealed record SlurmTaskState(string Task, string State)
{
    public bool Running => State is "RUNNING" or "COMPLETING" or "CONFIGURING";
}

/// <summary>
/// Runs units as one Slurm job array: a batch script with #SBATCH --array=INDICES (array task id = unit index), the
/// resources of <see cref="SlurmOptions"/>, and a task that runs `tidygan run-unit PLAN $SLURM_ARRAY_TASK_ID`. Scripts
/// and task logs go to slurm/ in the plan's folder, which must be on a filesystem every node sees; each submission is
/// recorded in slurm/jobs.jsonl, which <see cref="Queue"/> asks squeue about.
/// </summary>
public static class SlurmExecutor
{
    public const string Folder = "slurm";
    public const string JobsFile = "jobs.jsonl";

    /// <summary>The batch script for <paramref name="indices"/> of <paramref name="plan"/>.</summary>
    public static string Script(UnitPlan plan, IReadOnlyList<int> indices, UnitCommand command, SlurmOptions options)
    {
        options.Validate();
        if (indices.Count == 0) throw new ArgumentException("no units to submit", nameof(indices));
        var logs = Path.Combine(plan.Folder, Folder);
        var array = ArraySpec(indices) + (options.MaxRunning is { } m ? string.Create(CultureInfo.InvariantCulture, $"%{m}") : "");
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"#SBATCH --job-name=tidygan-{Sanitise(plan.Study)}");
        s.AppendLine($"#SBATCH --array={array}");
        foreach (var d in options.Directives()) s.AppendLine(d);
        s.AppendLine($"#SBATCH --output={logs}/%A_%a.out");
        s.AppendLine($"# {plan.Units.Count} units in {plan.PlanPath}; task N runs unit N (tidygan run-unit: lock, resume, arm.json)");
        s.AppendLine("set -e");
        foreach (var line in options.Setup ?? []) s.AppendLine(line);
        s.AppendLine("export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}");
        s.AppendLine("exec " + command.ShellLine(plan.PlanPath, "\"$SLURM_ARRAY_TASK_ID\""));
        return s.ToString();
    }

    /// <summary>Writes the script to slurm/ and submits it with `sbatch --parsable`; returns the job id.</summary>
    public static string Submit(UnitPlan plan, IReadOnlyList<int> indices, UnitCommand command, SlurmOptions options)
    {
        var script = Script(plan, indices, command, options);
        var folder = Directory.CreateDirectory(Path.Combine(plan.Folder, Folder)).FullName;
        var path = Path.Combine(folder, $"array-{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.sh");
        IO.AtomicFile.WriteAllText(path, script);
        var result = ExternalCommand.Run("sbatch", ["--parsable", path]);
        if (result.ExitCode != 0)
            throw new IO.UserException($"sbatch refused {path} (exit {result.ExitCode}): {result.Error.Trim()}{result.Output.Trim()}");
        var job = result.Output.Trim().Split(';')[0];
        if (!job.All(char.IsAsciiDigit) || job.Length == 0) throw new IO.UserException($"sbatch --parsable printed '{result.Output.Trim()}', not a job id");
        var record = new JsonObject
        {
            ["job"] = job,
            ["units"] = new JsonArray(indices.Select(i => (JsonNode)i).ToArray()),
            ["script"] = path,
            ["submittedUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        File.AppendAllText(Path.Combine(folder, JobsFile), record.ToJsonString() + "\n");
        return job;
    }

    /// <summary>The job ids submitted for this plan, oldest first.</summary>
    public static IReadOnlyList<string> Jobs(UnitPlan plan)
    {
        var path = Path.Combine(plan.Folder, Folder, JobsFile);
        return File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => (string)JsonNode.Parse(l)!["job"]!).ToList()
            : [];
    }

    /// <summary>
    /// squeue's view of this plan's array tasks (unit index → state; the newest submission wins). Tasks that left the
    /// queue are absent: their state is in the unit folders. (sacct would also tell how a task ended, but needs Slurm
    /// accounting, which a one-node test cluster does not run; the folders say it for every cluster.)
    /// </summary>
    public static IReadOnlyDictionary<int, SlurmTaskState> Queue(UnitPlan plan)
    {
        var jobs = Jobs(plan);
        var states = new Dictionary<int, SlurmTaskState>();
        if (jobs.Count == 0) return states;
        var result = ExternalCommand.Run("squeue", ["-h", "-r", "-j", string.Join(',', jobs), "-o", "%i %T"]);
        if (result.ExitCode != 0)
        {
            // squeue fails when every listed job has left the queue ("Invalid job id specified").
            if (result.Error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return states;
            throw new IO.UserException($"squeue failed (exit {result.ExitCode}): {result.Error.Trim()}");
        }
        var order = jobs.Select((j, i) => (j, i)).ToDictionary(p => p.j, p => p.i);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            var task = parts[0].Split('_');
            if (task.Length != 2 || !int.TryParse(task[1], CultureInfo.InvariantCulture, out int index)) continue;
            if (states.TryGetValue(index, out var old) && order.GetValueOrDefault(old.Task.Split('_')[0]) > order.GetValueOrDefault(task[0])) continue;
            states[index] = new SlurmTaskState(parts[0], parts.Length > 1 ? parts[1] : "");
        }
        return states;
    }

    /// <summary>"0-3" for a run of consecutive indices, else a comma list ("1,4,5").</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        bool consecutive = sorted.Count > 1 && sorted[^1] - sorted[0] == sorted.Count - 1;
        return consecutive ? string.Create(CultureInfo.InvariantCulture, $"{sorted[0]}-{sorted[^1]}") : string.Join(',', sorted);
    }

    private static string Sanitise(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
