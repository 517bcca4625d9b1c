using System.Globalization;
using System.Text.Json.Nodes;

namespace TidyGan.Experiments.Units;

/// <summary>
/// The lock that keeps a unit from running twice at the same time: unit.lock in the unit's folder, held open with
/// FileShare.None (an flock on Linux, which the kernel drops when the process dies — a cancelled or killed task leaves
/// no stale lock; on NFS the Linux client maps it to an NFS lock, so it holds across nodes). unit.holder names the
/// last holder (host, pid, Slurm job) for `sweep status` (a separate file: .NET reads take a shared flock, which the
/// holder's exclusive one refuses).
/// </summary>
public sealed class UnitLock : IDisposable
{
    public const string FileName = "unit.lock";
    public const string HolderFile = "unit.holder";

    private readonly FileStream stream;

    private UnitLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock, retrying for <paramref name="wait"/> (a status probe holds it for a moment); null when
    /// another process holds it.</summary>
    public static UnitLock? TryAcquire(string folder, TimeSpan wait)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var holder = new JsonObject
                {
                    ["host"] = Environment.MachineName,
                    ["pid"] = Environment.ProcessId,
                    ["slurmJob"] = SlurmTask(),
                    ["sinceUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                };
                IO.AtomicFile.WriteAllText(Path.Combine(folder, HolderFile), holder.ToJsonString());
                return new UnitLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow < until) { Thread.Sleep(200); }
            catch (IOException) { return null; }
        }
    }

    /// <summary>True when some process holds the lock of the unit in <paramref name="folder"/> now.</summary>
    public static bool IsHeld(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }

    /// <summary>The holder line written by the last process that took the lock ("" when none).</summary>
    public static string Holder(string folder)
    {
        try { return File.ReadAllText(Path.Combine(folder, HolderFile)).Trim(); }
        catch (IOException) { return ""; }
    }

    /// <summary>"JOB_TASK" of the Slurm array task this process runs in, or null outside Slurm.</summary>
    public static string? SlurmTask() =>
        Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { } job
            ? $"{job}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}"
            : Environment.GetEnvironmentVariable("SLURM_JOB_ID");

    public void Dispose() => stream.Dispose();
}
