using System.Diagnostics;
using System.Globalization;

namespace TidyGan.Experiments.Units;

/// <summary>
/// Runs units on this machine: one `tidygan run-unit PLAN INDEX` process per unit, <see cref="LocalExecutorOptions.Jobs"/>
/// at a time, each with OMP_NUM_THREADS = <see cref="LocalExecutorOptions.ThreadsPerUnit"/>; each process's output goes
/// to logs/unit-INDEX.log in the plan's folder. Returns when every unit's process has exited.
/// </summary>
public static class LocalExecutor
{
    public const string LogFolder = "logs";

    /// <summary>Runs the given units; returns each unit's exit code (0 done, 130 stopped by a signal).</summary>
    public static IReadOnlyDictionary<int, int> Run(UnitPlan plan, IReadOnlyList<int> indices, UnitCommand command, LocalExecutorOptions options,
        Action<int, int>? onExit = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var logs = Directory.CreateDirectory(Path.Combine(plan.Folder, LogFolder)).FullName;
        var exits = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        Parallel.ForEach(indices, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = cancellation }, index =>
        {
            var start = new ProcessStartInfo(command.Program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command.Arguments(plan.PlanPath, index.ToString(CultureInfo.InvariantCulture))) start.ArgumentList.Add(a);
            start.Environment["OMP_NUM_THREADS"] = options.ThreadsPerUnit.ToString(CultureInfo.InvariantCulture);
            using var log = new StreamWriter(Path.Combine(logs, $"unit-{index}.log"), append: true) { AutoFlush = true };
            using var process = Process.Start(start) ?? throw new IO.UserException($"could not start {command.Program}");
            var gate = new Lock();
            void Write(string? line) { if (line is null) return; lock (gate) log.WriteLine(line); }
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            exits[index] = process.ExitCode;
            onExit?.Invoke(index, process.ExitCode);
        });
        return exits;
    }
}
