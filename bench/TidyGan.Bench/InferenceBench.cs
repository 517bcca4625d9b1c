using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Runtime;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Bench;

/// <summary>
/// `bench inference`: throughput (slices/s) of `translate` MR → CT on the Colin27 volume (mr-head) with a Cycle-GAN
/// generator of the Cpu preset, by three engines on the same prepared slices, same batch, same threads, in one run:
/// TidyGan's own inference (TorchSharp), ONNX Runtime (the generator exported in memory, as `translate --engine onnx`)
/// and PyTorch 1.13 (bench/inference_twin.py: the reference ResNet generator loading the same weights). Also the whole
/// `translate` (preparation + network + mapping back to the input grid in HU) for the two TidyGan engines.
/// </summary>
internal static class InferenceBench
{
    private const string Usage = "inference [--checkpoint RUN] [--input ch2.nii.gz] [--batch 16] [--threads 2] [--warmup 1] [--runs 5] [--python /usr/bin/python3] [--no-pytorch]";

    public static int Run(string[] args)
    {
        string? checkpoint = null;
        string input = Datasets.Ch2Path, python = "/usr/bin/python3";
        int batch = 16, threads = 2, warmup = 1, runs = 5;
        bool pytorch = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value; usage: {Usage}");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--checkpoint": checkpoint = Value(); break;
                case "--input": input = Value(); break;
                case "--batch": batch = Int(); break;
                case "--threads": threads = Int(); break;
                case "--warmup": warmup = Int(); break;
                case "--runs": runs = Int(); break;
                case "--python": python = Value(); break;
                case "--no-pytorch": pytorch = false; break;
                default: throw new ArgumentException($"unknown option {args[i]}; usage: {Usage}");
            }
        }
        if (batch < 1 || threads < 1 || warmup < 0 || runs < 1) throw new ArgumentException($"bad counts; usage: {Usage}");
        torch.set_num_threads(threads);
        if (Console.IsOutputRedirected || Console.WindowWidth < 140) AnsiConsole.Profile.Width = 140;
        var machine = Machine.Detect(new BenchSettings(BenchConfig.All, Threads: threads));
        var temp = Path.Combine(Path.GetTempPath(), $"tidygan-bench-inference-{Environment.ProcessId}");
        Directory.CreateDirectory(temp);
        try
        {
            checkpoint ??= TrainTinyRun(Path.Combine(temp, "run"));
            return Measure(checkpoint, input, python, batch, threads, warmup, runs, pytorch, machine, temp);
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    private static int Measure(string checkpoint, string inputPath, string python, int batch, int threads, int warmup, int runs, bool pytorch,
        Machine machine, string temp)
    {
        using var model = CheckpointLoader.Load<Gans.CycleGan>(checkpoint, CPU);
        var o = model.Gan.Config.Model;
        var input = VolumeFiles.Read(inputPath);
        var direction = TranslateDirection(model.Gan.Config);
        var generator = direction == TranslationDirection.AToB ? model.Gan.Generators.AToB : model.Gan.Generators.BToA;
        using var prepared = VolumeTranslator.Translate(model.Gan, input, direction, batch);
        var x = prepared.NetworkInput;
        int n = (int)x.shape[0];
        using var onnx = OnnxImageNetwork.Of(model, direction, threads);

        AnsiConsole.MarkupLine($"[bold]translate throughput[/] {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Markup.Escape(inputPath)} ({string.Join("×", input.Shape)}), " +
                               $"{n} head slices of {input.Shape[2]} → {o.ImageSize}² px; generator {o.Generator} width {o.GeneratorWidth} " +
                               $"({generator.parameters().Sum(p => p.numel()):N0} parameters, step {model.Manifest.Step}); batch {batch}");
        AnsiConsole.MarkupLine($"CPU: {Markup.Escape(machine.Model)}, {machine.Cores} cores, {machine.VectorIsa}; threads {threads} in every engine " +
                               $"(torch.set_num_threads, ONNX Runtime intra-op, PyTorch set_num_threads + OPENBLAS_NUM_THREADS=1); malloc tuned: {NativeSetup.MallocTuned}");
        AnsiConsole.MarkupLine($"warm-up {warmup} pass(es), then {runs} timed passes over all {n} slices; slices/s from the median pass (min–max in brackets)");

        var rows = new List<(string Runner, string What, StepTimes Times, string Load)>();
        StepTimes Time(string runner, string what, Action pass)
        {
            var load = Machine.LoadAverage();
            var times = new List<double>();
            for (int r = 0; r < warmup + runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                pass();
                if (r >= warmup) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            var t = new StepTimes(times);
            rows.Add((runner, what, t, $"{load} → {Machine.LoadAverage()}"));
            AnsiConsole.MarkupLine($"[grey]  {Markup.Escape(runner)}, {what}: median {t.Median:0} ms per pass = {n / (t.Median / 1000):0.0} slices/s[/]");
            return t;
        }
        void Batches(Func<Tensor, Tensor> forward)
        {
            using var noGrad = no_grad();
            for (int start = 0; start < n; start += batch)
            {
                using var scope = NewDisposeScope();
                forward(x.narrow(0, start, Math.Min(batch, n - start)));
            }
        }

        const string networkOnly = "network over the prepared slices";
        Time("TidyGan (TorchSharp 0.107, libtorch 2.10)", networkOnly, () => Batches(b => generator.call(b)));
        Time("ONNX Runtime 1.31 (CPU)", networkOnly, () => Batches(onnx.Forward));
        string pyVersion = "";
        double pyDifference = double.NaN;
        if (pytorch)
        {
            var script = PythonScript.Find("inference_twin.py") ?? throw new ArgumentException("bench/inference_twin.py not found (run from the repository)");
            var folder = Path.Combine(temp, "twin");
            Directory.CreateDirectory(folder);
            var shapes = new Dictionary<string, long[]>();
            foreach (var (name, tensor) in generator.state_dict())
            {
                Npy.Write(Path.Combine(folder, name + ".npy"), tensor.reshape(tensor.shape[0], -1), NpyType.Float32);
                shapes[name] = tensor.shape;
            }
            Npy.Write(Path.Combine(folder, "input.npy"), x.reshape(n, -1), NpyType.Float32);
            Npy.Write(Path.Combine(folder, "expected.npy"), prepared.NetworkOutput.reshape(n, -1), NpyType.Float32);
            File.WriteAllText(Path.Combine(folder, "weights.json"), JsonSerializer.Serialize(new { weights = shapes, input = x.shape }));
            var load = Machine.LoadAverage();
            var py = PythonScript.RunJson(python, script,
            [
                "--folder", folder, "--channels", $"{o.Channels}", "--width", $"{o.GeneratorWidth}", "--blocks", $"{o.ResidualBlocks}",
                "--batch", $"{batch}", "--warmup", $"{warmup}", "--runs", $"{runs}", "--threads", $"{threads}",
            ], openBlasThreads: 1);
            pyVersion = py.GetProperty("torch").GetString() ?? "?";
            pyDifference = py.GetProperty("max_abs").GetDouble();
            var t = new StepTimes(py.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            rows.Add(($"PyTorch {pyVersion} (same weights)", networkOnly, t, $"{load} → {Machine.LoadAverage()}"));
            AnsiConsole.MarkupLine($"[grey]  PyTorch {Markup.Escape(pyVersion)}: median {t.Median:0} ms per pass = {n / (t.Median / 1000):0.0} slices/s; " +
                                   $"max abs difference from TidyGan's output {pyDifference:G3}[/]");
        }
        const string whole = "whole translate (prepare + network + back to HU grid)";
        Time("TidyGan (TorchSharp 0.107, libtorch 2.10)", whole, () => VolumeTranslator.Translate(model.Gan, input, direction, batch).Dispose());
        Time("ONNX Runtime 1.31 (CPU)", whole, () => VolumeTranslator.Translate(model.Gan, input, direction, batch, network: onnx.Forward).Dispose());

        using (var check = VolumeTranslator.Translate(model.Gan, input, direction, batch, network: onnx.Forward))
            AnsiConsole.MarkupLine($"agreement with TidyGan's network output (max abs, [[−1, 1]]): ONNX Runtime {(prepared.NetworkOutput - check.NetworkOutput).abs().max().item<float>():G3}" +
                                   (pytorch ? $", PyTorch {pyDifference:G3}" : ""));

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "timed", "runner", "slices/s (min–max)", "ms per pass", "vs TidyGan", "load (1 min)" }) table.AddColumn(column);
        foreach (var group in rows.GroupBy(r => r.What))
        {
            var reference = group.First().Times.Median;
            foreach (var (runner, what, t, load) in group)
                table.AddRow(what == group.Key && runner == group.First().Runner ? what : "", Markup.Escape(runner),
                    $"{n / (t.Median / 1000):0.0} ({n / (t.Milliseconds.Max() / 1000):0.0}–{n / (t.Min / 1000):0.0})", $"{t.Median:0}",
                    $"[bold]{reference / t.Median:0.00}×[/]", load);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("vs TidyGan: TidyGan's median time / the runner's (above 1: faster than TidyGan)");
        return 0;
    }

    internal static TranslationDirection TranslateDirection(CycleGanConfig config) =>
        config.DomainB.IntensityUnit == "HU" || config.DomainA.IntensityUnit != "HU" ? TranslationDirection.AToB : TranslationDirection.BToA;

    /// <summary>
    /// No --checkpoint: a Cpu-preset MR → CT Cycle-GAN trained 2 steps by the repository's `tidygan` (the weights do not
    /// change the work; a real checkpoint makes the run what `translate` loads).
    /// </summary>
    internal static string TrainTinyRun(string folder)
    {
        var tidygan = PythonScript.Find("../tidygan") ?? throw new ArgumentException("./tidygan not found (run from the repository) or pass --checkpoint");
        var psi = new ProcessStartInfo(tidygan) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "train", "cyclegan", "--a", "mr-head", "--b", "ct-head", "--preset", "cpu", "--steps", "2", "--out", folder })
            psi.ArgumentList.Add(arg);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        AnsiConsole.MarkupLine($"[grey]training a Cpu-preset Cycle-GAN for 2 steps: {Markup.Escape(tidygan)} {Markup.Escape(string.Join(' ', psi.ArgumentList))}[/]");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tidygan}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tidygan train failed ({process.ExitCode}): {stdout}\n{stderr.Result}");
        return folder;
    }
}
