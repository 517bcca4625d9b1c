using System.Globalization;
using System.Text.RegularExpressions;

namespace TidyGan.Experiments.Units;

/// <summary>
/// The resources each Slurm array task asks for (one task per unit) and what its script runs first.
/// <paramref name="Setup"/>: shell lines before the unit runs, e.g. "module load dotnet/10" or "source ~/venv/bin/activate".
/// <paramref name="MaxRunning"/>: at most this many tasks at once (sbatch's --array=…%N), null for no limit.
/// </summary>
public sealed partial record SlurmOptions(
    int CpusPerTask = 1,
    string Memory = "4G",
    string Time = "04:00:00",
    string? Partition = null,
    string? Account = null,
    int Gpus = 0,
    int? MaxRunning = null,
    IReadOnlyList<string>? Setup = null)
{
    public SlurmOptions Validate()
    {
        if (CpusPerTask < 1) throw new IO.UserException($"--cpus-per-task must be at least 1 (got {CpusPerTask})");
        if (!MemoryPattern().IsMatch(Memory)) throw new IO.UserException($"--mem '{Memory}' is not a Slurm size (e.g. 500M, 4G)");
        if (!TimePattern().IsMatch(Time)) throw new IO.UserException($"--time '{Time}' is not a Slurm time limit (MM, HH:MM:SS or D-HH:MM:SS)");
        if (Gpus < 0) throw new IO.UserException($"--gpus must not be negative (got {Gpus})");
        if (MaxRunning is < 1) throw new IO.UserException($"--max-running must be at least 1 (got {MaxRunning})");
        foreach (var name in new[] { Partition, Account })
            if (name is not null && !NamePattern().IsMatch(name)) throw new IO.UserException($"'{name}' is not a Slurm partition/account name");
        return this;
    }

    /// <summary>The #SBATCH lines for these resources (array and output lines are the executor's).</summary>
    public IEnumerable<string> Directives()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={CpusPerTask}");
        yield return $"#SBATCH --mem={Memory}";
        yield return $"#SBATCH --time={Time}";
        if (Partition is not null) yield return $"#SBATCH --partition={Partition}";
        if (Account is not null) yield return $"#SBATCH --account={Account}";
        if (Gpus > 0) yield return string.Create(CultureInfo.InvariantCulture, $"#SBATCH --gres=gpu:{Gpus}");
    }

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^(\d+-)?\d+(:\d{2}){0,2}$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex NamePattern();
}
