using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan interpolate`: one row per pair of random latent points, linear and/or spherical paths.</summary>
public sealed class InterpolateCommand : Command<InterpolateCommand.Settings>
{
    public sealed class Settings : CheckpointSettings
    {
        [CommandOption("--pairs <N>")]
        [Description("Pairs of latent points, one row each (default 6)")]
        public int Pairs { get; init; } = 6;

        [CommandOption("--steps <N>")]
        [Description("Images along each path, end points included (default 10)")]
        public int Steps { get; init; } = 10;

        [CommandOption("--mode <MODE>")]
        [Description("linear, spherical or both (default both: a linear row then a spherical row per pair)")]
        public string Mode { get; init; } = "both";

        [CommandOption("--class <K>")]
        [Description("Conditional models: class of every row (default: row i uses class i mod classes)")]
        public string? Class { get; init; }

        [CommandOption("--out <FILE>")]
        public string Out { get; init; } = "interpolation.png";

        public override ValidationResult Validate()
        {
            if (Pairs is < 1 or > 256) return ValidationResult.Error($"--pairs must be between 1 and 256 (got {Pairs})");
            if (Steps is < 2 or > 64) return ValidationResult.Error($"--steps must be between 2 and 64 (got {Steps})");
            if (Mode is not ("linear" or "spherical" or "both")) return ValidationResult.Error($"--mode '{Mode}' is not one of linear, spherical, both");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = Devices.Parse(settings.Device);
        using var model = CheckpointLoader.Load<IImageGenerator>(settings.Checkpoint!, device, !settings.NoEma);
        int? fixedClass = settings.Class is null ? null : model.ParseClass(settings.Class);
        using var random = new torch.Generator((ulong)settings.Seed, device);
        using var scope = NewDisposeScope();

        var latents = new List<Tensor>();
        var labels = new List<long>();
        var rowNames = new List<string>();
        for (int pair = 0; pair < settings.Pairs; pair++)
        {
            using var ends = model.Gan.SampleLatent(2, random, device);
            long label = fixedClass ?? (model.Gan.ClassCount > 0 ? pair % model.Gan.ClassCount : 0);
            string suffix = model.Gan.ClassCount > 0 ? $" {model.Data.ClassNames.ElementAtOrDefault((int)label) ?? label.ToString()}" : "";
            if (settings.Mode is "linear" or "both") { latents.Add(LatentInterpolation.Linear(ends[0], ends[1], settings.Steps)); rowNames.Add($"lerp {pair + 1}{suffix}"); labels.Add(label); }
            if (settings.Mode is "spherical" or "both") { latents.Add(LatentInterpolation.Spherical(ends[0], ends[1], settings.Steps)); rowNames.Add($"slerp {pair + 1}{suffix}"); labels.Add(label); }
        }
        var z = cat(latents, 0);
        var y = model.Gan.ClassCount > 0 ? tensor(labels.ToArray(), device: device).repeat_interleave(settings.Steps) : null;
        var images = Sampling.Generate(model.Gan, model.Generator, z, y).cpu();
        var (low, high) = model.Data.DisplayRange;
        ImageGrid.Save(images, settings.Out, settings.Steps, low: low, high: high, upscale: model.Data.DisplayScale, rowLabels: rowNames);
        AnsiConsole.MarkupLineInterpolated($"interpolation: {settings.Out} ({rowNames.Count} rows × {settings.Steps} steps, step {model.Manifest.Step})");
        return 0;
    }
}
