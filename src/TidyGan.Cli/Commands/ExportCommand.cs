using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Export;
using TidyGan.Gans;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan export`: a checkpoint's deployable network as an ONNX model (docs/onnx.md).</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("A run folder (uses its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("onnx (the only format so far)")]
        public string Format { get; init; } = "onnx";

        [CommandOption("--out <FILE>")]
        [Description("The model file to write, e.g. model.onnx")]
        public string? Out { get; init; }

        [CommandOption("--generator <DIRECTION>")]
        [Description("Cycle-GAN: a2b (the paper's G, default) or b2a (F)")]
        public string Generator { get; init; } = "a2b";

        [CommandOption("--no-ema")]
        [Description("Export the live generator even when the run kept an EMA copy")]
        public bool NoEma { get; init; }

        [CommandOption("--recalibrate <N>")]
        [Description("dcgan, wgan-gp, cgan: re-estimate batch-norm running statistics from N latent draws (seeded by --seed) before exporting (default 0: keep training's)")]
        public int Recalibrate { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the --recalibrate draws (default 0)")]
        public int Seed { get; init; }

        [CommandOption("--verify")]
        [Description("Run the exported model with ONNX Runtime on real inputs and print its max abs difference from TidyGan's eval-mode output")]
        public bool Verify { get; init; }

        public override ValidationResult Validate()
        {
            if (Recalibrate is < 0 or > 100_000) return ValidationResult.Error($"--recalibrate must be between 0 and 100000 (got {Recalibrate})");
            if (Checkpoint is null) return ValidationResult.Error("--checkpoint DIR is required");
            if (Out is null) return ValidationResult.Error("--out FILE is required");
            if (!string.Equals(Format, "onnx", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error($"--format '{Format}' is not supported (supported: onnx)");
            if (Generator.ToLowerInvariant() is not ("a2b" or "b2a")) return ValidationResult.Error($"--generator '{Generator}' is neither a2b nor b2a");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var direction = OnnxExporter.ParseDirection(settings.Generator);
        var export = OnnxExporter.Export(settings.Checkpoint!, settings.Out!, direction, !settings.NoEma, settings.Recalibrate, settings.Seed);
        AnsiConsole.MarkupLineInterpolated(
            $"onnx: {export.Path} ({export.Kind.Name()}, {export.Network}, step {export.Step}{(export.UsesEma ? ", EMA weights" : "")}; opset {OnnxExporter.Opset}, inputs {string.Join(", ", export.Inputs)} → {string.Join(", ", export.Outputs)})");
        var details = new Dictionary<string, string>
        {
            ["opset"] = $"{OnnxExporter.Opset}", ["inputs"] = string.Join(", ", export.Inputs), ["outputs"] = string.Join(", ", export.Outputs),
            ["recalibrated batch-norm draws"] = $"{settings.Recalibrate}",
        };
        foreach (var (key, value) in export.Metadata) details[$"metadata.{key}"] = value;
        RunCards.Report(() => RunCards.ForExport(settings.Checkpoint!, export.Path, "onnx", export.Network, export.UsesEma, export.Step, details));
        if (settings.Verify)
        {
            var agreement = OnnxAgreement.Measure(settings.Checkpoint!, settings.Out!, direction, !settings.NoEma,
                recalibrate: settings.Recalibrate, recalibrationSeed: settings.Seed);
            AnsiConsole.MarkupLineInterpolated(
                $"verify: ONNX Runtime vs TidyGan (eval mode), {agreement.Inputs}: max abs difference {agreement.MaxAbsDifference:G3} (max |output| {agreement.OutputRange:G3})");
        }
        return 0;
    }
}
