using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using TidyGan.IO;
using TidyGan.Metrics;
using TorchSharp;

namespace TidyGan.Bench;

/// <summary>
/// `metrics`: FD + KID + PRDC on 10k × 512 float64 features, TidyGan vs the numpy/scipy twin
/// (bench/metrics_bench.py) on the same features, passed through .npy files.
/// </summary>
internal static class MetricsBench
{
    public static int Run(string[] args)
    {
        int n = 10_000, d = 512, k = 5, threads = 2;
        bool python = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--n": n = int.Parse(Value()); break;
                case "--d": d = int.Parse(Value()); break;
                case "--k": k = int.Parse(Value()); break;
                case "--threads": threads = int.Parse(Value()); break;
                case "--no-python": python = false; break;
                default: throw new ArgumentException($"unknown argument {args[i]}\nusage: metrics [--n 10000] [--d 512] [--k 5] [--threads 2] [--no-python]");
            }
        }
        torch.set_num_threads(threads);
        if (Console.IsOutputRedirected || Console.WindowWidth < 180) AnsiConsole.Profile.Width = 180;   // readable in logs
        var script = PythonScript.Find("metrics_bench.py");
        if (python && script is null) throw new ArgumentException("bench/metrics_bench.py not found (run from the repository); use --no-python to skip it.");

        AnsiConsole.MarkupLine($"[bold]TidyGan metrics bench[/] {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: FD + KID (100 subsets of 1000) + PRDC (k = {k}), " +
                               $"{n} real vs {n} fake, {d}-d float64, {threads} threads");
        // Features: real ~ N(0, I); fake ~ N(0.05, 1.1² I): a shifted, wider cloud (FD ≈ 20, KID ≈ 0.008).
        var generator = new torch.Generator(0);
        using var real = torch.randn([n, d], torch.float64, generator: generator);
        using var fake = torch.randn([n, d], torch.float64, generator: generator) * 1.1 + 0.05;
        var dir = Path.Combine(Path.GetTempPath(), $"tidygan-metrics-bench-{Environment.ProcessId}");
        var realPath = Path.Combine(dir, "real.npy");
        var fakePath = Path.Combine(dir, "fake.npy");
        Npy.Write(realPath, real);
        Npy.Write(fakePath, fake);

        FrechetDistance.Compute(real[..100], fake[..100]);                 // warm-up: native load, MKL init
        var separateCpu = Process.GetCurrentProcess().TotalProcessorTime;   // CPU time: comparable even when other jobs share the cores
        var clock = Stopwatch.StartNew();
        double fd = FrechetDistance.Compute(real, fake);
        double fdS = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var kid = KernelInceptionDistance.Compute(real, fake);
        double kidS = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var prdc = PrecisionRecallDensityCoverage.Compute(real, fake, k);
        double prdcS = clock.Elapsed.TotalSeconds;
        double aloneCpu = (Process.GetCurrentProcess().TotalProcessorTime - separateCpu).TotalSeconds;
        AnsiConsole.MarkupLine($"[grey]TidyGan, each metric alone: FD {fdS:0.00} s, KID {kidS:0.00} s, PRDC {prdcS:0.00} s; total {fdS + kidS + prdcS:0.00} s (CPU {aloneCpu:0.00} s); " +
                               $"load {File.ReadAllText("/proc/loadavg").Trim()}[/]");
        // What `evaluate` runs: KID and PRDC from one pass over the Gram matrices (SharedGramMetrics), same subsets and values.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        (kid, prdc) = SharedGramMetrics.Compute(real, fake, k);
        double sharedS = clock.Elapsed.TotalSeconds;
        double sharedCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        kidS = sharedS / 2;                                                 // one pass serves both: split evenly for the table
        prdcS = sharedS / 2;
        double tidy = fdS + sharedS;
        AnsiConsole.MarkupLine($"[grey]TidyGan, KID + PRDC in one Gram pass: {sharedS:0.00} s (CPU {sharedCpu:0.00} s); FD + KID + PRDC {tidy:0.00} s; " +
                               $"load {File.ReadAllText("/proc/loadavg").Trim()}[/]");

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "runner", "FD s", "KID s", "PRDC s", "total s", "TidyGan / runner", "FD", "KID (std)", "P / R / D / C" })
            table.AddColumn(column);
        table.AddRow("TidyGan (TorchSharp 0.107, libtorch 2.10, float64; KID + PRDC share one Gram pass, split evenly)", $"{fdS:0.00}", $"{kidS:0.00}", $"{prdcS:0.00}", $"[bold]{tidy:0.00}[/]", "1",
            $"{fd:0.0000}", $"{kid.Mean:0.00000} ({kid.StandardDeviation:0.00000})",
            $"{prdc.Precision:0.0000} / {prdc.Recall:0.0000} / {prdc.Density:0.0000} / {prdc.Coverage:0.0000}");

        if (python && script is not null)
        {
            var py = RunTwin(script, realPath, fakePath, k, threads);
            double pyFd = py.GetProperty("fd_s").GetDouble(), pyKid = py.GetProperty("kid_s").GetDouble(), pyPrdc = py.GetProperty("prdc_s").GetDouble();
            double total = pyFd + pyKid + pyPrdc;
            AnsiConsole.MarkupLine($"[grey]numpy/scipy: FD {pyFd:0.00} s, KID {pyKid:0.00} s, PRDC {pyPrdc:0.00} s; total {total:0.00} s; TidyGan / numpy = {tidy / total:0.00}; load {File.ReadAllText("/proc/loadavg").Trim()}[/]");
            table.AddRow($"numpy {py.GetProperty("numpy").GetString()} + scipy {py.GetProperty("scipy").GetString()} (OpenBLAS, {threads} threads)",
                $"{pyFd:0.00}", $"{pyKid:0.00}", $"{pyPrdc:0.00}", $"{total:0.00}", $"[bold]{tidy / total:0.00}×[/]",
                $"{py.GetProperty("fd").GetDouble():0.0000}", $"{py.GetProperty("kid").GetDouble():0.00000} ({py.GetProperty("kid_std").GetDouble():0.00000})",
                $"{py.GetProperty("precision").GetDouble():0.0000} / {py.GetProperty("recall").GetDouble():0.0000} / " +
                $"{py.GetProperty("density").GetDouble():0.0000} / {py.GetProperty("coverage").GetDouble():0.0000}");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]KID values differ slightly between runners: each draws its own random subsets.[/]");
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static JsonElement RunTwin(string script, string real, string fake, int k, int threads) =>
        PythonScript.RunJson("/usr/bin/python3", script, [real, fake, "--k", $"{k}"], threads);
}
