using TidyGan.Nn;

namespace TidyGan.Bench;

/// <summary>One benchmarked training set-up: a DC-GAN and the batch size of its step.</summary>
internal sealed record BenchConfig(string Name, DcGanOptions Model, int Batch)
{
    /// <summary>pytorch/examples' DC-GAN at 64×64 RGB (the paper's set-up), batch 64.</summary>
    public static BenchConfig DcGan64 { get; } = new("dcgan-64", DcGanOptions.Paper, 64);

    /// <summary>The 28×28 grey-level DC-GAN (Fashion-MNIST size), batch 128.</summary>
    public static BenchConfig DcGan28 { get; } = new("dcgan-28", DcGanOptions.Mnist, 128);

    public static IReadOnlyList<BenchConfig> All { get; } = new[] { DcGan64, DcGan28 };
}

/// <summary>Command-line flags of the benchmark.</summary>
internal sealed record BenchSettings(
    IReadOnlyList<BenchConfig> Configs,
    int Warmup = 5,
    int Steps = 20,
    int Threads = 2,
    double? ClockGHz = null,
    int FmaUnits = 2,
    bool RunPyTorch = true,
    string Python = "/usr/bin/python3",
    IReadOnlyList<int>? OpenBlasThreads = null,
    int Seed = 0)
{
    public const string Usage =
        "dotnet run -c Release --project bench/TidyGan.Bench -- [--warmup 5] [--steps 20] [--threads 2]\n" +
        "    [--configs dcgan-64,dcgan-28] [--ghz 3.2] [--fma-units 2] [--no-pytorch] [--python /usr/bin/python3]\n" +
        "    [--openblas-threads 2,1]   (one PyTorch run per value; default: --threads, then 1)";

    /// <summary>OPENBLAS_NUM_THREADS of each PyTorch run: DESIGN.md's set-up (= threads) first, then 1.</summary>
    public IReadOnlyList<int> PyTorchOpenBlasThreads => OpenBlasThreads ?? (Threads == 1 ? new[] { 1 } : new[] { Threads, 1 });

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings(BenchConfig.All);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            s = args[i] switch
            {
                "--warmup" => s with { Warmup = int.Parse(Value()) },
                "--steps" => s with { Steps = int.Parse(Value()) },
                "--threads" => s with { Threads = int.Parse(Value()) },
                "--ghz" => s with { ClockGHz = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--fma-units" => s with { FmaUnits = int.Parse(Value()) },
                "--no-pytorch" => s with { RunPyTorch = false },
                "--python" => s with { Python = Value() },
                "--openblas-threads" => s with { OpenBlasThreads = Value().Split(',').Select(int.Parse).ToArray() },
                "--seed" => s with { Seed = int.Parse(Value()) },
                "--configs" => s with { Configs = Value().Split(',').Select(ByName).ToArray() },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown flag {args[i]}.\n{Usage}"),
            };
        }
        if (s.Steps < 1 || s.Warmup < 0 || s.Threads < 1) throw new ArgumentException($"Bad step/thread counts.\n{Usage}");
        return s;
    }

    private static BenchConfig ByName(string name) =>
        BenchConfig.All.FirstOrDefault(c => c.Name == name.Trim())
        ?? throw new ArgumentException($"Unknown config '{name}'; use {string.Join(", ", BenchConfig.All.Select(c => c.Name))}.");
}
