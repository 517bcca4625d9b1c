using System.Globalization;

namespace TidyGan.Bench;

/// <summary>Runs bench/pytorch_twin.py (same model, same step) as a subprocess, fairly configured.</summary>
internal static class PyTorchTwin
{
    public sealed record Result(StepTimes Times, double FlopsGForward, double FlopsDForward, long ParamsG, long ParamsD, string TorchVersion);

    public static Result Run(BenchConfig config, BenchSettings settings, string script, int openBlasThreads)
    {
        var o = config.Model;
        // torch's own pool gets --threads (set_num_threads); OpenBLAS's is set per run.
        var root = PythonScript.RunJson(settings.Python, script,
        [
            "--size", $"{o.ImageSize}", "--channels", $"{o.Channels}", "--batch", $"{config.Batch}",
            "--latent", $"{o.LatentDim}", "--width", $"{o.GeneratorWidth}", "--warmup", $"{settings.Warmup}",
            "--steps", $"{settings.Steps}", "--threads", $"{settings.Threads}", "--seed", $"{settings.Seed}",
        ], openBlasThreads);
        return new Result(
            new StepTimes(root.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray()),
            root.GetProperty("flops_g_forward").GetDouble(),
            root.GetProperty("flops_d_forward").GetDouble(),
            root.GetProperty("params_g").GetInt64(),
            root.GetProperty("params_d").GetInt64(),
            root.GetProperty("torch").GetString() ?? "?");
    }

    /// <summary>Finds bench/pytorch_twin.py from the working directory or the build output upwards.</summary>
    public static string? FindScript() => PythonScript.Find("pytorch_twin.py");

    internal static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
