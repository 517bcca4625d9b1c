using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan sample`: images from a trained generator, as a grid, single PNGs and a NIfTI stack in physical units.</summary>
public sealed class SampleCommand : Command<SampleCommand.Settings>
{
    public sealed class Settings : CheckpointSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Number of images (default 64); --n N works too")]
        public int N { get; init; } = 64;

        [CommandOption("--class <K>")]
        [Description("Conditional models: class index or name (default: cycle through all classes)")]
        public string? Class { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Grid PNG to write (default samples.png)")]
        public string Out { get; init; } = "samples.png";

        [CommandOption("--each <DIR>")]
        [Description("Also write every image as its own PNG into DIR")]
        public string? Each { get; init; }

        [CommandOption("--nifti <FILE>")]
        [Description("Also write the images as a NIfTI stack (one slice each), in HU for CT models")]
        public string? Nifti { get; init; }

        [CommandOption("--engine <ENGINE>")]
        [Description("torch (TidyGan's own inference, default) or onnx (the generator exported in memory, run by ONNX Runtime; same images)")]
        public string Engine { get; init; } = "torch";

        public override ValidationResult Validate()
        {
            if (N is < 1 or > 100_000) return ValidationResult.Error($"--n must be between 1 and 100000 (got {N})");
            if (Engine is not ("torch" or "onnx")) return ValidationResult.Error($"--engine '{Engine}' is neither torch nor onnx");
            if (Engine == "onnx" && !string.Equals(Device, "cpu", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error("--engine onnx runs ONNX Runtime on the CPU: leave --device at cpu");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = Devices.Parse(settings.Device);
        using var model = CheckpointLoader.Load<IImageGenerator>(settings.Checkpoint!, device, !settings.NoEma);
        int? classIndex = settings.Class is null ? null : model.ParseClass(settings.Class);
        using var random = new torch.Generator((ulong)settings.Seed, device);
        using var images = AnsiConsole.Status().Start($"Sampling {settings.N} images…", _ => settings.Engine == "onnx"
            ? OnnxSampling.Sample(model, settings.N, random, classIndex)
            : model.Sample(settings.N, random, classIndex));

        var (low, high) = model.Data.DisplayRange;
        ImageGrid.Save(images, settings.Out, low: low, high: high, upscale: model.Data.DisplayScale);
        AnsiConsole.MarkupLineInterpolated($"grid: {settings.Out} ({settings.N} images from step {model.Manifest.Step}{(model.UsesEma ? ", EMA generator" : "")}{(settings.Engine == "onnx" ? ", ONNX Runtime" : "")})");
        if (settings.Each is { } each)
        {
            ImageGrid.SaveEach(images, each, "sample", low, high);
            AnsiConsole.MarkupLineInterpolated($"images: {each}/sample-*.png");
        }
        if (settings.Nifti is { } nifti)
        {
            SampleStack.Write(images, model.Data, nifti);
            AnsiConsole.MarkupLineInterpolated($"NIfTI stack: {nifti} ({model.Data.IntensityUnit})");
        }
        return 0;
    }
}
