using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TidyGan.Bench;

/// <summary>Runs bench/pytorch_twin.py (same model, same step) as a subprocess, fairly configured.</summary>
internal static class PyTorchTwin
{
    public sealed record Result(StepTimes Times, double FlopsGForward, double FlopsDForward, long ParamsG, long ParamsD, string TorchVersion);

    /// <summary>
    /// DESIGN.md "the PyTorch reference, fairly": multithreaded OpenBLAS, the same malloc thresholds; torch's
    /// intra-op pool gets --threads. OPENBLAS_NUM_THREADS is set per run: with 2 OpenBLAS threads on top of
    /// torch's 2 OpenMP threads this 2-core machine is oversubscribed (see bench/README.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-pthread",
        ["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824",
    };

    public static Result Run(BenchConfig config, BenchSettings settings, string script, int openBlasThreads)
    {
        var o = config.Model;
        var psi = new ProcessStartInfo(settings.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     script, "--size", $"{o.ImageSize}", "--channels", $"{o.Channels}", "--batch", $"{config.Batch}",
                     "--latent", $"{o.LatentDim}", "--width", $"{o.GeneratorWidth}", "--warmup", $"{settings.Warmup}",
                     "--steps", $"{settings.Steps}", "--threads", $"{settings.Threads}", "--seed", $"{settings.Seed}",
                 })
            psi.ArgumentList.Add(arg);
        foreach (var (key, value) in Environment) psi.Environment[key] = value;
        psi.Environment["OPENBLAS_NUM_THREADS"] = $"{openBlasThreads}";   // torch's own pool: set_num_threads(--threads)

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {settings.Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pytorch_twin.py failed ({process.ExitCode}): {stderr.Result}");

        var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new Result(
            new StepTimes(root.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray()),
            root.GetProperty("flops_g_forward").GetDouble(),
            root.GetProperty("flops_d_forward").GetDouble(),
            root.GetProperty("params_g").GetInt64(),
            root.GetProperty("params_d").GetInt64(),
            root.GetProperty("torch").GetString() ?? "?");
    }

    /// <summary>Finds bench/pytorch_twin.py from the working directory or the build output upwards.</summary>
    public static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "pytorch_twin.py");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    internal static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
