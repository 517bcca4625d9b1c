using System.Globalization;

namespace TidyGan.Bench;

/// <summary>The CPU's FP32 peak: threads × FMA units × floats per vector × 2 FLOPs × clock.</summary>
internal sealed record Machine(string Model, int Cores, int VectorFloats, string VectorIsa, double ClockGHz, string ClockSource, int FmaUnits, int Threads)
{
    public double PeakGFlops => Math.Min(Threads, Cores) * FmaUnits * VectorFloats * 2 * ClockGHz;

    public string PeakFormula =>
        $"{Math.Min(Threads, Cores)} cores × {FmaUnits} FMA × {VectorFloats} floats ({VectorIsa}) × 2 × {ClockGHz:0.00} GHz ({ClockSource})";

    public static Machine Detect(BenchSettings settings)
    {
        string model = "unknown";
        var flags = new HashSet<string>();
        double? mhz = null;
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length != 2) continue;
                var key = parts[0].Trim();
                var value = parts[1].Trim();
                if (key == "model name" && model == "unknown") model = value;
                else if (key == "flags" && flags.Count == 0) flags.UnionWith(value.Split(' '));
                else if (key == "cpu MHz" && mhz is null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) mhz = m;
            }
        }
        var (floats, isa) = flags.Contains("avx512f") ? (16, "AVX-512") : flags.Contains("avx2") ? (8, "AVX2") : (4, "SSE");
        var (ghz, source) = settings.ClockGHz is { } g ? (g, "--ghz")
            : mhz is { } m2 ? (m2 / 1000, "/proc/cpuinfo") : (3.2, "assumed");
        return new Machine(model, Environment.ProcessorCount, floats, isa, ghz, source, settings.FmaUnits, settings.Threads);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
