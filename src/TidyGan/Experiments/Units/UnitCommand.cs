using System.Diagnostics;

namespace TidyGan.Experiments.Units;

/// <summary>
/// How a task starts `tidygan run-unit PLAN INDEX`: the program and the arguments before "run-unit" (e.g. "dotnet"
/// and the full path of the command-line program's dll). On a cluster the path must be visible from every node.
/// </summary>
public sealed record UnitCommand(string Program, IReadOnlyList<string> Prefix)
{
    public const string Verb = "run-unit";

    /// <summary>The arguments after <see cref="Program"/> for unit <paramref name="index"/> ("$SLURM_ARRAY_TASK_ID" in a script).</summary>
    public IReadOnlyList<string> Arguments(string planPath, string index) => [.. Prefix, Verb, planPath, index];

    /// <summary>The command line as a shell would run it, each argument single-quoted except <paramref name="index"/>.</summary>
    public string ShellLine(string planPath, string index) =>
        string.Join(' ', new[] { Program }.Concat(Prefix).Append(Verb).Append(planPath).Select(Quote).Append(index));

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>Runs a short external program (sbatch, squeue) and returns its exit code and output.</summary>
public static class ExternalCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start) ?? throw new IO.UserException($"could not start {program}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IO.UserException($"could not run '{program}': {e.Message} (is Slurm installed and on PATH on this machine?)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new IO.UserException($"'{program} {string.Join(' ', start.ArgumentList)}' did not answer within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s");
            }
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
