using System.Diagnostics;

namespace TidyGan.Tests.Units;

/// <summary>
/// A test that needs a running one-node Slurm cluster. It starts one with scripts/slurm-local.sh (idempotent: quick
/// when scripts/test.sh already started it) and is skipped, with the reason, when that cannot work: not root, or the
/// script failed (its message is the reason).
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Start);

    public SlurmFactAttribute()
    {
        if (Unavailable.Value is { } reason) Skip = reason;
    }

    public static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/slurm-local.sh"));

    private static string? Start()
    {
        if (Environment.UserName != "root") return "needs root: scripts/slurm-local.sh starts munged, slurmctld and slurmd as root";
        if (!File.Exists(Script)) return $"no {Script}";
        var start = new ProcessStartInfo(Script, "start") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); return "scripts/slurm-local.sh start did not finish within 5 minutes"; }
        return process.ExitCode == 0 ? null : $"scripts/slurm-local.sh start failed: {error.Result.Trim()} {output.Result.Trim()}";
    }
}
