using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using TidyGan.Training;

namespace TidyGan.Tests.Faults;

/// <summary>What repeated kill -9s of one training run did.</summary>
internal sealed record KillReport(int Kills, int InCheckpointWrites, int ResumedFromNewest, long MaxStepsLost, long Interval, IReadOnlyList<string> Problems)
{
    public override string ToString() =>
        $"{Kills} kills, {InCheckpointWrites} during a checkpoint write, {ResumedFromNewest} resumes from the newest complete checkpoint, " +
        $"at most {MaxStepsLost} steps lost (against the last step printed; interval {Interval}), {Problems.Count} problems";
}

/// <summary>
/// Kills a real `tidygan train` run with SIGKILL at seeded random moments, resuming it after each: every kill
/// must leave a newest complete checkpoint that reads back whole, --resume must continue from it, and it must
/// be at most one checkpoint interval behind the last step the run printed.
/// </summary>
internal static partial class KillNine
{
    public static KillReport Run(string run, string[] newRun, int kills, int interval, int seed, TimeSpan maxDelay)
    {
        var random = new Random(seed);
        var problems = new List<string>();
        int inWrites = 0, resumedFromNewest = 0;
        long maxLost = 0;
        string? expectedResume = null;
        for (int k = 0; k < kills; k++)
        {
            string[] args = k == 0
                ? [.. newRun, "--checkpoint-every", interval.ToString(), "--steps", "10000000", "--out", run]
                : ["train", newRun[1], "--resume", run, "--steps", "10000000"];
            var staleBefore = TempEntries(run);
            var output = new StringBuilder();
            using var process = Start(args, output);
            long before = NewestStep(run);
            // Training under way: a checkpoint newer than the one it started from.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (NewestStep(run) <= before && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            if (process.HasExited || NewestStep(run) <= before)
            {
                if (!process.HasExited) process.Kill();
                process.WaitForExit();
                problems.Add($"kill {k}: the run wrote no checkpoint: {Tail(output)}");
                break;
            }
            Thread.Sleep(random.Next((int)maxDelay.TotalMilliseconds));
            process.Kill();                                                  // SIGKILL on Linux
            process.WaitForExit();
            string text;
            lock (output) text = output.ToString();

            if (expectedResume is not null)
            {
                if (ResumedFrom(text, expectedResume)) resumedFromNewest++;
                else problems.Add($"kill {k}: did not resume from {expectedResume}: {Tail(output)}");
            }
            if (TempEntries(run).Except(staleBefore).Any()) inWrites++;   // a temporary folder or file this process left
            try
            {
                var folder = Checkpoint.Resolve(run);
                var manifest = Checkpoint.ReadManifest(folder);              // whole: every file present, every hash right
                if (manifest.Step != NewestStep(run)) problems.Add($"kill {k}: resolved step {manifest.Step}, newest complete is {NewestStep(run)}");
                long printed = StepsPrinted().Matches(text).Select(m => long.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
                long lost = Math.Max(0, printed - manifest.Step);
                maxLost = Math.Max(maxLost, lost);
                if (lost > interval) problems.Add($"kill {k}: printed step {printed}, newest checkpoint {manifest.Step}: more than {interval} steps lost");
                expectedResume = folder;
            }
            catch (CheckpointException e)
            {
                problems.Add($"kill {k}: no usable checkpoint: {e.Message}");
                break;
            }
        }
        return new KillReport(kills, inWrites, resumedFromNewest, maxLost, interval, problems);
    }

    /// <summary>Whether the output says it resumed from that folder (the table title wraps long paths: compare without white space).</summary>
    public static bool ResumedFrom(string output, string folder) =>
        Regex.Replace(output, @"\s+", "").Contains("Resuming" + folder, StringComparison.Ordinal);

    /// <summary>Temporary checkpoint folders and files (a write in progress) under the run's checkpoints.</summary>
    private static HashSet<string> TempEntries(string run)
    {
        var root = Path.Combine(run, Checkpoint.Folder);
        return Directory.Exists(root)
            ? Directory.GetFileSystemEntries(root, ".*").Where(e => e.Contains(".tmp", StringComparison.Ordinal)).ToHashSet()
            : [];
    }

    /// <summary>The highest step-N folder holding a manifest (complete), or 0.</summary>
    public static long NewestStep(string run)
    {
        var root = Path.Combine(run, Checkpoint.Folder);
        if (!Directory.Exists(root)) return 0;
        return Directory.GetDirectories(root, "step-*")
            .Where(d => File.Exists(Path.Combine(d, Checkpoint.ManifestName)))
            .Select(d => long.TryParse(Path.GetFileName(d)[5..], out long s) ? s : 0).DefaultIfEmpty(0).Max();
    }

    /// <summary>Starts `tidygan` (one OpenMP thread, wide output) collecting its output.</summary>
    public static Process Start(string[] args, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TidyGan.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["COLUMNS"] = "1000";                               // no wrapped paths in the output
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Tail(StringBuilder output)
    {
        lock (output) return output.Length > 2000 ? output.ToString()[^2000..] : output.ToString();
    }

    [GeneratedRegex(@"step (\d+)/\d+")]
    private static partial Regex StepsPrinted();
}
