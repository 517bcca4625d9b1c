using System.Diagnostics;
using System.Text.Json;

namespace TidyGan.Bench;

/// <summary>The reference twins under bench/: found from the repository, run under Debian's python3, fairly configured.</summary>
internal static class PythonScript
{
    /// <summary>
    /// DESIGN.md "the PyTorch reference, fairly": multithreaded OpenBLAS and the same malloc thresholds.
    /// OPENBLAS_NUM_THREADS is set per run (see bench/README.md for why 1 and 2 are both measured).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-pthread",
        ["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824",
    };

    /// <summary>bench/NAME from the working directory or the build output upwards.</summary>
    public static string? Find(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Runs the script and parses the JSON object it prints on its last line.</summary>
    public static JsonElement RunJson(string python, string script, IEnumerable<string> args, int openBlasThreads)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (key, value) in Environment) psi.Environment[key] = value;
        psi.Environment["OPENBLAS_NUM_THREADS"] = $"{openBlasThreads}";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} failed ({process.ExitCode}): {stderr.Result}");
        return JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement.Clone();
    }
}
