using Spectre.Console;
using TidyGan.Bench;
using TidyGan.Runtime;
using TorchSharp;

// TidyGan vs PyTorch: the same DC-GAN training step, one command, ratios and achieved FLOP rates.
NativeSetup.Apply();

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
if (Console.IsOutputRedirected || Console.WindowWidth < 150) AnsiConsole.Profile.Width = 150;   // the table stays readable in logs
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
AnsiConsole.MarkupLine($"step FLOPs = {Markup.Escape(StepFlops.Formula)}");
AnsiConsole.MarkupLine($"warm-up {settings.Warmup}, timed {settings.Steps} steps; times are medians (min in brackets)");

var table = new Table().Border(TableBorder.Rounded);
foreach (var column in new[] { "config", "batch", "GFLOP/step", "TidyGan ms", "PyTorch ms", "TidyGan/PyTorch", "TidyGan GFLOP/s (% peak)", "PyTorch GFLOP/s (% peak)", "load (1 min)" })
    table.AddColumn(column);

foreach (var config in settings.Configs)
{
    var o = config.Model;
    var flops = StepFlops.Step(o, config.Batch);
    var loadBefore = Machine.LoadAverage();
    AnsiConsole.MarkupLine($"[grey]{config.Name}: {o} batch {config.Batch}: {flops / 1e9:0.0} GFLOP/step (F_G {StepFlops.GeneratorForward(o) / 1e6:0.0} MFLOP, F_D {StepFlops.DiscriminatorForward(o) / 1e6:0.0} MFLOP per sample)[/]");

    var (tidy, lossD, lossG, paramsG, paramsD) = TidyGanStep.Run(config, settings);
    AnsiConsole.MarkupLine($"[grey]  TidyGan: median {tidy.Median:0.0} ms, min {tidy.Min:0.0}, mean {tidy.Mean:0.0}; last losses D {lossD:0.000} G {lossG:0.000}[/]");

    PyTorchTwin.Result? py = null;
    if (script is not null)
    {
        py = PyTorchTwin.Run(config, settings, script);
        AnsiConsole.MarkupLine($"[grey]  PyTorch {Markup.Escape(py.TorchVersion)}: median {py.Times.Median:0.0} ms, min {py.Times.Min:0.0}, mean {py.Times.Mean:0.0}[/]");
        var pyFlops = 3 * py.FlopsGForward + 9 * py.FlopsDForward;     // the hooks saw the whole batch
        var same = Math.Abs(pyFlops - flops) / flops < 1e-9;
        AnsiConsole.MarkupLine($"[grey]  FLOPs cross-check vs PyTorch forward hooks: {pyFlops / 1e9:0.000} vs {flops / 1e9:0.000} GFLOP ({(same ? "same" : "DIFFERENT")}); params G {py.ParamsG:N0} vs {paramsG:N0}, D {py.ParamsD:N0} vs {paramsD:N0}[/]");
    }

    string Rate(StepTimes t) => $"{flops / (t.Median / 1000) / 1e9:0} ({100 * flops / (t.Median / 1000) / 1e9 / machine.PeakGFlops:0}%)";
    table.AddRow(
        config.Name,
        $"{config.Batch}",
        $"{flops / 1e9:0.0}",
        $"{tidy.Median:0} [grey]({tidy.Min:0})[/]",
        py is null ? "-" : $"{py.Times.Median:0} [grey]({py.Times.Min:0})[/]",
        py is null ? "-" : $"[bold]{tidy.Median / py.Times.Median:0.00}×[/]",
        Rate(tidy),
        py is null ? "-" : Rate(py.Times),
        $"{loadBefore} → {Machine.LoadAverage()}");
}

AnsiConsole.Write(table);
return 0;
