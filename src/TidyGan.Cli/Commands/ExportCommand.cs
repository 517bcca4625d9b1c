using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Metrics.Features;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan export`: a checkpoint's deployable network as an ONNX model (docs/onnx.md), or its weights as a PyTorch
/// state_dict (.pth) or safetensors file in the reference implementation's key names (docs/weights.md).</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("A run folder (uses its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--features <DIR>")]
        [Description("Instead of --checkpoint: a domain feature network folder (`tidygan features train`) to export as ONNX (image → 128-d features)")]
        public string? Features { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("onnx (default), pytorch (.pth state_dict) or safetensors")]
        public string Format { get; init; } = "onnx";

        [CommandOption("--out <FILE>")]
        [Description("The file to write, e.g. model.onnx, netG.pth; pytorch/safetensors without an ending get .pth/.safetensors")]
        public string? Out { get; init; }

        [CommandOption("--generator <DIRECTION>")]
        [Description("Cycle-GAN: a2b (the paper's G, default) or b2a (F)")]
        public string Generator { get; init; } = "a2b";

        [CommandOption("--network <NET>")]
        [Description("generator (default) or discriminator (Cycle-GAN: the one judging --generator's output domain)")]
        public string Network { get; init; } = "generator";

        [CommandOption("--reference-io <FILE>")]
        [Description("pytorch/safetensors: also write inputs and TidyGan's outputs (safetensors) for a PyTorch twin to compare against (bench/reference_weights.py --io)")]
        public string? ReferenceIo { get; init; }

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
            if ((Checkpoint is null) == (Features is null)) return ValidationResult.Error("give either --checkpoint DIR or --features DIR");
            if (Features is not null && (!Format.Equals("onnx", StringComparison.OrdinalIgnoreCase) || Recalibrate > 0 || NoEma
                                         || !Network.Equals("generator", StringComparison.OrdinalIgnoreCase)))
                return ValidationResult.Error("--features exports a feature network as ONNX: --format pytorch|safetensors, --recalibrate, --no-ema and --network are for --checkpoint");
            if (Out is null) return ValidationResult.Error("--out FILE is required");
            if (Format.ToLowerInvariant() is not ("onnx" or "pytorch" or "safetensors"))
                return ValidationResult.Error($"--format '{Format}' is not supported (supported: onnx, pytorch, safetensors)");
            if (Network.ToLowerInvariant() is not ("generator" or "discriminator")) return ValidationResult.Error($"--network '{Network}' is neither generator nor discriminator");
            bool onnx = Format.Equals("onnx", StringComparison.OrdinalIgnoreCase);
            if (!onnx && (Verify || Recalibrate > 0)) return ValidationResult.Error("--verify and --recalibrate are for --format onnx");
            if (onnx && ReferenceIo is not null) return ValidationResult.Error("--reference-io is for --format pytorch or safetensors");
            if (Recalibrate > 0 && !Network.Equals("generator", StringComparison.OrdinalIgnoreCase)) return ValidationResult.Error("--recalibrate is for generators");
            if (Generator.ToLowerInvariant() is not ("a2b" or "b2a")) return ValidationResult.Error($"--generator '{Generator}' is neither a2b nor b2a");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var direction = OnnxExporter.ParseDirection(settings.Generator);
        if (settings.Features is not null) return ExportFeatures(settings);
        if (!settings.Format.Equals("onnx", StringComparison.OrdinalIgnoreCase)) return ExportWeights(settings, direction);
        var which = ParseNetwork(settings.Network);
        var export = OnnxExporter.Export(settings.Checkpoint!, settings.Out!, direction, !settings.NoEma, settings.Recalibrate, settings.Seed, which);
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
                recalibrate: settings.Recalibrate, recalibrationSeed: settings.Seed, which: which);
            AnsiConsole.MarkupLineInterpolated(
                $"verify: ONNX Runtime vs TidyGan (eval mode), {agreement.Inputs}: max abs difference {agreement.MaxAbsDifference:G3} (max |output| {agreement.OutputRange:G3})");
        }
        return 0;
    }

    private static ExportedNetwork ParseNetwork(string text) =>
        text.Equals("discriminator", StringComparison.OrdinalIgnoreCase) ? ExportedNetwork.Discriminator : ExportedNetwork.Generator;

    private static int ExportFeatures(Settings settings)
    {
        using var features = DomainFeatures.Load(settings.Features!);
        DomainFeaturesOnnx.Export(features, settings.Out!);
        AnsiConsole.MarkupLineInterpolated(
            $"onnx: {settings.Out} ({features.Name} {features.Version}, ImageClassifier features; opset {OnnxExporter.Opset}, inputs {OnnxExporter.ImageInput} → {OnnxExporter.FeaturesOutput})");
        if (settings.Verify)
        {
            var agreement = DomainFeaturesOnnx.Measure(features, settings.Out!);
            AnsiConsole.MarkupLineInterpolated(
                $"verify: ONNX Runtime vs TidyGan features, {agreement.Inputs}: max abs difference {agreement.MaxAbsDifference:G3} (max |feature| {agreement.FeatureRange:G3})");
        }
        return 0;
    }

    private static int ExportWeights(Settings settings, CycleDirection direction)
    {
        var format = WeightsExporter.ParseFormat(settings.Format);
        var path = settings.Out!;
        if (Path.GetExtension(path).Length == 0) path += WeightsExporter.Extension(format);
        var which = ParseNetwork(settings.Network);
        var export = WeightsExporter.Export(settings.Checkpoint!, path, format, which, direction, !settings.NoEma, settings.ReferenceIo);
        AnsiConsole.MarkupLineInterpolated(
            $"{settings.Format.ToLowerInvariant()}: {export.Path} ({export.Kind.Name()}, {export.Network} as the reference's {export.ReferenceClass} from {export.ReferenceSource}, step {export.Step}{(export.UsesEma ? ", EMA weights" : "")}; {export.Tensors} tensors, {export.Elements:N0} values)");
        if (export.Note is { } note) AnsiConsole.MarkupLineInterpolated($"  note: {note}");
        if (settings.ReferenceIo is not null)
            AnsiConsole.MarkupLineInterpolated($"reference io: {settings.ReferenceIo} (input, TidyGan's eval-mode output{(export.Network.StartsWith("DcGan", StringComparison.Ordinal) ? " and its batch-statistics output" : "")})");
        return 0;
    }
}
