using System.Diagnostics;
using TidyGan.Training;
using Xunit.Abstractions;

namespace TidyGan.Tests.Faults;

/// <summary>
/// A run whose disk fills up: its output is on a small tmpfs (root mounts one), which is filled once training is
/// under way. The run must stop with a clear one-line error (no stack trace), its last complete checkpoint must
/// still read back whole, and once space is freed --resume must continue from it.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public async Task FullDiskStopsTheRunCleanlyAndTheLastCheckpointResumes()
    {
        // A short path: the resume title ("Resuming <folder>") is cut at 80 columns.
        var mount = Path.Combine(Path.GetTempPath(), "tg-df-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mount);
        if (Environment.UserName != "root" || !Sh("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount))
        {
            output.WriteLine("skipped: mounting a tmpfs needs root (the test passes without checking anything)");
            Directory.Delete(mount);
            return;
        }
        try
        {
            var run = Path.Combine(mount, "run");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "TidyGan.Cli.dll"), "train", "dcgan", "--data", "ct-head", "--size", "32",
                         "--batch", "16", "--width", "8", "--steps", "1000000", "--checkpoint-every", "5", "--out", run })
                start.ArgumentList.Add(a);
            start.Environment["OMP_NUM_THREADS"] = "1";
            start.Environment["COLUMNS"] = "1000";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (KillNine.NewestStep(run) == 0 && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.True(KillNine.NewestStep(run) > 0, "no checkpoint was written");

            Fill(Path.Combine(mount, "filler"));                           // the disk is now full
            bool stopped = process.WaitForExit(180_000);
            if (!stopped) process.Kill(true);
            Assert.True(stopped, "the run did not stop within 3 minutes of the disk filling up");
            string text = await stdout + await stderr;
            output.WriteLine(text[Math.Max(0, text.Length - 1500)..]);
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("No space left on device", text);
            Assert.DoesNotContain("internal error", text);
            Assert.DoesNotContain("   at ", text);                      // no stack trace

            var folder = Checkpoint.Resolve(run);
            var manifest = Checkpoint.ReadManifest(folder);                // whole: every file present, every hash right
            File.Delete(Path.Combine(mount, "filler"));                   // space freed
            var resumedOutput = new System.Text.StringBuilder();
            using (var resumed = KillNine.Start(["train", "dcgan", "--resume", run, "--steps", (manifest.Step + 5).ToString()], resumedOutput))
            {
                Assert.True(resumed.WaitForExit(300_000), "the resumed run did not finish");
                resumed.WaitForExit();
                Assert.True(resumed.ExitCode == 0, resumedOutput.ToString());
            }
            Assert.True(KillNine.ResumedFrom(resumedOutput.ToString(), folder), resumedOutput.ToString());
            Assert.Equal(manifest.Step + 5, Checkpoint.ReadManifest(Checkpoint.Resolve(run)).Step);
            output.WriteLine($"stopped cleanly; checkpoint step {manifest.Step} read back whole and resumed to step {manifest.Step + 5}");
        }
        finally
        {
            Sh("umount", "-l", mount);
            Directory.Delete(mount, true);
        }
    }

    /// <summary>Writes zeros until the file system refuses more.</summary>
    private static void Fill(string path)
    {
        var block = new byte[64 << 10];
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try { while (true) f.Write(block); }
        catch (IOException) { }
        try { while (true) f.Write(block, 0, 512); }                     // the last partial block too
        catch (IOException) { }
    }

    private static bool Sh(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
