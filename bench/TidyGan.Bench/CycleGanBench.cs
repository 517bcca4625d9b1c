using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn.CycleGan;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// `bench cyclegan`: one Cycle-GAN training step at the Cpu preset (64 px, resnet_6blocks, the preset's filters, batch 1)
/// in TidyGan's one trainer and in a PyTorch twin (bench/cyclegan_twin.py), in the same run; median ms and ratio.
/// Both draw new uniform images each step (no data loading is timed).
/// </summary>
internal static class CycleGanBench
{
    public static int Run(string[] args)
    {
        int warmup = 5, steps = 20, threads = 2;
        string python = "/usr/bin/python3";
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--warmup": warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--python": python = Value(); break;
                default: throw new ArgumentException($"unknown option {args[i]}; usage: cyclegan [--warmup 5] [--steps 20] [--threads 2] [--python /usr/bin/python3]");
            }
        }
        torch.set_num_threads(threads);
        var model = CycleGanOptions.Cpu;
        AnsiConsole.MarkupLine($"[bold]Cycle-GAN step, Cpu preset[/]: {Markup.Escape(model.ToString())}, batch 1; warm-up {warmup}, timed {steps}; threads {threads}; load {Machine.LoadAverage()}");

        var tidy = TidyGan(model, warmup, steps);
        AnsiConsole.MarkupLine($"[grey]TidyGan: median {tidy.Times.Median:0.0} ms, min {tidy.Times.Min:0.0}; params G {tidy.ParamsG:N0}, D {tidy.ParamsD:N0}; load {Machine.LoadAverage()}[/]");
        var script = PythonScript.Find("cyclegan_twin.py") ?? throw new ArgumentException("bench/cyclegan_twin.py not found (run from the repository)");
        var py = PythonScript.RunJson(python, script,
        [
            "--size", $"{model.ImageSize}", "--channels", $"{model.Channels}", "--width", $"{model.GeneratorWidth}", "--blocks", $"{model.ResidualBlocks}",
            "--layers", $"{model.DiscriminatorLayers}", "--warmup", $"{warmup}", "--steps", $"{steps}", "--threads", $"{threads}",
        ], threads);
        var pyTimes = new StepTimes(py.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        long pyG = py.GetProperty("params_g").GetInt64(), pyD = py.GetProperty("params_d").GetInt64();
        AnsiConsole.MarkupLine($"[grey]PyTorch {Markup.Escape(py.GetProperty("torch").GetString() ?? "?")}: median {pyTimes.Median:0.0} ms, min {pyTimes.Min:0.0}; params G {pyG:N0} ({(pyG == tidy.ParamsG ? "same" : "DIFFERENT")}), D {pyD:N0} ({(pyD == tidy.ParamsD ? "same" : "DIFFERENT")}); load {Machine.LoadAverage()}[/]");

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "runner", "ms/step (min)", "TidyGan / runner" }) table.AddColumn(column);
        table.AddRow("TidyGan (TorchSharp 0.107, libtorch 2.10)", $"{tidy.Times.Median:0} ({tidy.Times.Min:0})", "1");
        table.AddRow($"PyTorch {Markup.Escape(py.GetProperty("torch").GetString() ?? "?")}", $"{pyTimes.Median:0} ({pyTimes.Min:0})", $"[bold]{tidy.Times.Median / pyTimes.Median:0.00}×[/]");
        AnsiConsole.Write(table);
        return 0;
    }

    private static (StepTimes Times, long ParamsG, long ParamsD) TidyGan(CycleGanOptions model, int warmup, int steps)
    {
        ImageSet Uniform(string name) => new()
        {
            Name = name,
            Images = (rand(64, model.Channels, model.ImageSize, model.ImageSize) * 2 - 1).DetachFromDisposeScope(),
            Intensity = IdentityScaling.Byte,
        };
        using var a = Uniform("a");
        using var b = Uniform("b");
        var description = DataDescription.Of(a, "a");
        var config = new CycleGanConfig(model, AdversarialLossKind.LeastSquares, description, DataDescription.Of(b, "b"), 240);
        torch.manual_seed(0);
        using var gan = new Gans.CycleGan(config, a, b);
        var folder = Path.Combine(Path.GetTempPath(), $"tidygan-bench-cyclegan-{Environment.ProcessId}");
        var options = new TrainerOptions
        {
            Steps = warmup + steps + 1, BatchSize = 1, GridSamples = 6,
            LogEvery = int.MaxValue, SampleEvery = int.MaxValue, CheckpointEvery = int.MaxValue,
        };
        var times = new List<double>(steps);
        try
        {
            using var trainer = new Trainer(gan, a, description, options, folder, b);
            long last = Stopwatch.GetTimestamp();
            trainer.Progress += p =>
            {
                long now = Stopwatch.GetTimestamp();
                if (p.Step > warmup && p.Step <= warmup + steps) times.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                last = Stopwatch.GetTimestamp();
            };
            trainer.Run();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
        return (new StepTimes(times), gan.Generator.parameters().Sum(p => p.numel()), gan.Discriminator.parameters().Sum(p => p.numel()));
    }
}
