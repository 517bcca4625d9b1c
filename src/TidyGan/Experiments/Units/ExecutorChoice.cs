namespace TidyGan.Experiments.Units;

/// <summary>Which executor runs a plan's units.</summary>
public enum ExecutorKind
{
    /// <summary>Processes on this machine, <see cref="LocalExecutorOptions.Jobs"/> at a time.</summary>
    Local,

    /// <summary>One Slurm job array, one task per unit.</summary>
    Slurm,
}

/// <summary>How a plan's units are (re)submitted: the executor and its options (one of them is used).</summary>
public sealed record ExecutorChoice(ExecutorKind Kind, LocalExecutorOptions? Local = null, SlurmOptions? Slurm = null)
{
    public static ExecutorKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "local" => ExecutorKind.Local,
        "slurm" => ExecutorKind.Slurm,
        _ => throw new IO.UserException($"--executor '{text}' is not one of local, slurm"),
    };
}

/// <summary>The local executor: <paramref name="Jobs"/> unit processes at a time, each with
/// <paramref name="ThreadsPerUnit"/> OpenMP/libtorch threads (one: several libtorch processes with two threads each
/// on two cores run 5–11× slower).</summary>
public sealed record LocalExecutorOptions(int Jobs = 2, int ThreadsPerUnit = 1)
{
    public LocalExecutorOptions Validate()
    {
        if (Jobs < 1) throw new IO.UserException($"--jobs must be at least 1 (got {Jobs})");
        if (ThreadsPerUnit < 1) throw new IO.UserException($"threads per unit must be at least 1 (got {ThreadsPerUnit})");
        return this;
    }
}
