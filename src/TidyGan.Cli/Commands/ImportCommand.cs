using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan import`: a TidyGan run folder (checkpoint at step 0) from reference PyTorch weights (docs/weights.md).</summary>
public sealed class ImportCommand : Command<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--from <FILE>")]
        [Description("The state_dict: .pth/.pt (torch.save, read as tensors only) or .safetensors. dcgan: netG; cyclegan-g: G_A (A → B)")]
        public string? From { get; init; }

        [CommandOption("--kind <KIND>")]
        [Description("dcgan (pytorch/examples' netG) or cyclegan-g (the reference Cycle-GAN's ResnetGenerator/UnetGenerator)")]
        public string? Kind { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("The run folder to create")]
        public string? Out { get; init; }

        [CommandOption("--discriminator <FILE>")]
        [Description("dcgan: netD too (else the discriminator starts from DC-GAN's initialisation)")]
        public string? Discriminator { get; init; }

        [CommandOption("--from-b2a <FILE>")]
        [Description("cyclegan-g: G_B (B → A) too (else it starts from the reference's initialisation)")]
        public string? FromBToA { get; init; }

        [CommandOption("--data <NAME>")]
        [Description("dcgan: the data set the generator makes (its intensity window and unit are recorded; default: none, [[-1, 1]])")]
        public string? Data { get; init; }

        [CommandOption("--domain-a <NAME>")]
        [Description("cyclegan-g: domain A (e.g. mr-head; --a works too); with --b, the domains' windows are recorded so translate works")]
        public string? A { get; init; }

        [CommandOption("--domain-b <NAME>")]
        [Description("cyclegan-g: domain B (e.g. ct-head; --b works too)")]
        public string? B { get; init; }

        [CommandOption("--size <N>")]
        [Description("cyclegan-g with a ResNet generator: image side (default 256, the reference's crop; a U-Net's size is read from its depth)")]
        public int? Size { get; init; }

        [CommandOption("--fov <MM>")]
        [Description("cyclegan-g: field of view of the slices in mm (default 240)")]
        public double Fov { get; init; } = 240;

        [CommandOption("--max-depth <MM>")]
        [Description("cyclegan-g: the head depth in mm the model was trained on; translate then limits itself to it, as for a TidyGan run (default: the whole head)")]
        public double? MaxDepth { get; init; }

        [CommandOption("--drop-instance-norm-stats")]
        [Description("cyclegan-g: drop InstanceNorm running statistics of old reference checkpoints, as the reference's load_networks does")]
        public bool DropInstanceNormStats { get; init; }

        public override ValidationResult Validate()
        {
            if (From is null) return ValidationResult.Error("--from FILE is required");
            if (Kind is null) return ValidationResult.Error("--kind is required (dcgan or cyclegan-g)");
            if (Out is null) return ValidationResult.Error("--out DIR is required");
            if ((A is null) != (B is null)) return ValidationResult.Error("--a and --b go together");
            if (Size is < 8) return ValidationResult.Error($"--size must be at least 8 (got {Size})");
            if (MaxDepth is <= 0) return ValidationResult.Error($"--max-depth must be positive (got {MaxDepth})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var kind = WeightsImporter.ParseKind(settings.Kind!);
        if (kind == ImportKind.DcGan && (settings.FromBToA ?? settings.A ?? settings.Size ?? (object?)settings.MaxDepth) is not null)
            throw new TidyGan.IO.UserException("--from-b2a, --a/--b, --size and --max-depth are for --kind cyclegan-g");
        if (kind == ImportKind.CycleGanGenerator && (settings.Discriminator ?? settings.Data) is not null)
            throw new TidyGan.IO.UserException("--discriminator and --data are for --kind dcgan");
        var request = new ImportRequest(settings.From!, kind, settings.Out!,
            kind == ImportKind.DcGan ? settings.Discriminator : settings.FromBToA, settings.Size,
            settings.Data is { } name ? size =>
            {
                using var images = Datasets.Load(name, new DatasetOptions(Size: size));
                return DataDescription.Of(images, name);
            } : null,
            settings.A is { } a ? size =>
            {
                var (imagesA, imagesB) = UnpairedSlices.Load(a, settings.B!, size, settings.Fov, settings.MaxDepth);
                using (imagesA) using (imagesB) return (DataDescription.Of(imagesA, a), DataDescription.Of(imagesB, settings.B!));
            } : null,
            settings.Fov, settings.DropInstanceNormStats, settings.MaxDepth);
        var result = WeightsImporter.Import(request);
        AnsiConsole.MarkupLineInterpolated($"import: {result.Checkpoint} ({result.Kind.Name()}, {result.Tensors} tensors from {settings.From}{(request.Second is { } s ? " and " + s : "")})");
        foreach (var note in result.Notes) AnsiConsole.MarkupLineInterpolated($"  note: {note}");
        return 0;
    }
}
