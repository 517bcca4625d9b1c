using Spectre.Console;
using TidyGan.Bench;
using TidyGan.Runtime;
using TorchSharp;

// TidyGan vs PyTorch: the same DC-GAN training step, one command, ratios and achieved FLOP rates.
NativeSetup.Apply();

if (args.Length > 0 && args[0] == "metrics")   // FD + KID + PRDC vs numpy/scipy (MetricsBench.cs)
{
    try
    {
        return MetricsBench.Run(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

if (args.Length > 0 && args[0] is "cohort" or "cohort-run")   // training from a cohort on disk vs in memory (CohortBench.cs)
{
    try
    {
        return args[0] == "cohort" ? CohortBench.Run(args[1..]) : CohortBench.RunChild(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

if (args.Length > 0 && args[0] == "onnx-layers")  // where ONNX Runtime's generator output departs from float64, layer by layer (OnnxLayerProbe.cs)
{
    try
    {
        return OnnxLayerProbe.Run(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

if (args.Length > 0 && args[0] == "inference")  // translate's throughput: TidyGan vs ONNX Runtime vs PyTorch (InferenceBench.cs)
{
    try
    {
        return InferenceBench.Run(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

if (args.Length > 0 && args[0] == "cyclegan")  // one Cycle-GAN step at the Cpu preset vs its PyTorch twin (CycleGanBench.cs)
{
    try
    {
        return CycleGanBench.Run(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

torch.set_num_threads(settings.Threads);
if (Console.IsOutputRedirected || Console.WindowWidth < 140) AnsiConsole.Profile.Width = 140;   // readable in logs
var machine = Machine.Detect(settings);
var script = settings.RunPyTorch ? PyTorchTwin.FindScript() : null;
if (settings.RunPyTorch && script is null)
{
    Console.Error.WriteLine("bench/pytorch_twin.py not found (run from the repository); use --no-pytorch to skip it.");
    return 2;
}

AnsiConsole.MarkupLine($"[bold]TidyGan bench[/] {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
AnsiConsole.MarkupLine($"CPU: {Markup.Escape(machine.Model)}, {machine.Cores} cores; threads {settings.Threads}; malloc tuned: {NativeSetup.MallocTuned}");
AnsiConsole.MarkupLine($"peak FP32 = {Markup.Escape(machine.PeakFormula)} = [bold]{machine.PeakGFlops:0} GFLOP/s[/]");
var gemm = GemmProbe.GFlops();
AnsiConsole.MarkupLine($"libtorch sgemm 3072³ (best of 5): [bold]{gemm:0} GFLOP/s[/] = {100 * gemm / machine.PeakGFlops:0}% of that peak (MKL gemm; the DC-GAN convolutions run through oneDNN)");
AnsiConsole.MarkupLine($"step FLOPs = {Markup.Escape(StepFlops.Formula)}");
AnsiConsole.MarkupLine($"warm-up {settings.Warmup}, timed {settings.Steps} steps; times are medians (min in brackets)");

var table = new Table().Border(TableBorder.Rounded);
foreach (var column in new[] { "config", "batch", "GFLOP/step", "runner", "ms/step", "TidyGan / runner", "GFLOP/s (% peak)", "load (1 min)" })
    table.AddColumn(column);

foreach (var config in settings.Configs)
{
    var o = config.Model;
    var flops = StepFlops.Step(o, config.Batch);
    string Rate(StepTimes t) => $"{flops / (t.Median / 1000) / 1e9:0} ({100 * flops / (t.Median / 1000) / 1e9 / machine.PeakGFlops:0}%)";
    AnsiConsole.MarkupLine($"[grey]{config.Name}: {Markup.Escape(o.ToString())} batch {config.Batch}: {flops / 1e9:0.0} GFLOP/step " +
                           $"(F_G {StepFlops.GeneratorForward(o) / 1e6:0.0} MFLOP, F_D {StepFlops.DiscriminatorForward(o) / 1e6:0.0} MFLOP per sample)[/]");

    var load = Machine.LoadAverage();
    var (tidy, lossD, lossG, paramsG, paramsD) = TidyGanStep.Run(config, settings);
    AnsiConsole.MarkupLine($"[grey]  TidyGan: median {tidy.Median:0.0} ms, min {tidy.Min:0.0}, mean {tidy.Mean:0.0}; last losses D {lossD:0.000} G {lossG:0.000}[/]");
    table.AddRow(config.Name, $"{config.Batch}", $"{flops / 1e9:0.0}", "TidyGan (TorchSharp 0.107, libtorch 2.10)",
        $"{tidy.Median:0} [grey]({tidy.Min:0})[/]", "1", Rate(tidy), $"{load} → {Machine.LoadAverage()}");

    if (script is null) continue;
    foreach (var openBlas in settings.PyTorchOpenBlasThreads)
    {
        load = Machine.LoadAverage();
        var py = PyTorchTwin.Run(config, settings, script, openBlas);
        AnsiConsole.MarkupLine($"[grey]  PyTorch {Markup.Escape(py.TorchVersion)}, OPENBLAS_NUM_THREADS={openBlas}: median {py.Times.Median:0.0} ms, min {py.Times.Min:0.0}, mean {py.Times.Mean:0.0}[/]");
        var pyFlops = 3 * py.FlopsGForward + 9 * py.FlopsDForward;           // the hooks saw the whole batch
        var same = Math.Abs(pyFlops - flops) / flops < 1e-9;
        AnsiConsole.MarkupLine($"[grey]  FLOPs cross-check vs PyTorch forward hooks: {pyFlops / 1e9:0.000} vs {flops / 1e9:0.000} GFLOP ({(same ? "same" : "DIFFERENT")}); " +
                               $"params G {py.ParamsG:N0} vs {paramsG:N0}, D {py.ParamsD:N0} vs {paramsD:N0}[/]");
        table.AddRow("", "", "", $"PyTorch {Markup.Escape(py.TorchVersion)}, OpenBLAS threads {openBlas}",
            $"{py.Times.Median:0} [grey]({py.Times.Min:0})[/]", $"[bold]{tidy.Median / py.Times.Median:0.00}×[/]",
            Rate(py.Times), $"{load} → {Machine.LoadAverage()}");
    }
}

AnsiConsole.Write(table);
return 0;
