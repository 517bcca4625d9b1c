using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan translate`: a whole volume through a Cycle-GAN, slice by slice, written back in the input's space.</summary>
public sealed class TranslateCommand : Command<TranslateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("A Cycle-GAN run folder (its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("Volume to translate: NIfTI (.nii, .nii.gz, .hdr/.img), InVesalius .inv3, or DICOM (file or one-series folder)")]
        public string? Input { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("NIfTI to write (same dims, affine and spacing as the input; CT as int16 HU)")]
        public string? Output { get; init; }

        [CommandOption("--direction <DIR>")]
        [Description("mr2ct (default) or ct2mr; also a2b / b2a for other domain pairs")]
        public string Direction { get; init; } = "mr2ct";

        [CommandOption("--batch <N>")]
        [Description("Slices per forward pass (default 16)")]
        public int Batch { get; init; } = 16;

        [CommandOption("--montage <FILE>")]
        [Description("PNG montage of input and output slices (default: the output's name with .png)")]
        public string? Montage { get; init; }

        [CommandOption("--device <D>")]
        public string Device { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (Checkpoint is null) return ValidationResult.Error("--checkpoint DIR is required");
            if (Input is null) return ValidationResult.Error("--input FILE is required");
            if (Output is null) return ValidationResult.Error("--output FILE is required");
            if (Direction is not ("mr2ct" or "ct2mr" or "a2b" or "b2a")) return ValidationResult.Error($"--direction '{Direction}' is not one of mr2ct, ct2mr, a2b, b2a");
            if (Batch < 1) return ValidationResult.Error($"--batch must be ≥ 1 (got {Batch})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = CheckpointLoader.Load<CycleGan>(settings.Checkpoint!, Devices.Parse(settings.Device));
        var direction = ParseDirection(settings.Direction, model.Gan.Config);
        var input = AnsiConsole.Status().Start($"Reading {settings.Input}…", _ => VolumeFiles.Read(settings.Input!));
        Translation translation = null!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"translate {settings.Direction}", maxValue: 1);
                translation = VolumeTranslator.Translate(model.Gan, input, direction, settings.Batch,
                    new Progress(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
        using var _ = translation;
        var output = translation.Output;
        NiftiWriter.Write(settings.Output!, output, output.SourceDataType, $"TidyGan cyclegan {settings.Direction}");
        var montage = settings.Montage ?? MontagePath(settings.Output!);
        TranslationMontage.Save(input.Shape.Length == 4 ? input.Frame(0) : input, output, translation.SliceIndices, montage);
        var (min, max, mean) = output.Statistics();
        AnsiConsole.MarkupLineInterpolated($"{settings.Output}: {string.Join("×", output.Shape)} voxels, {output.SourceDataType}, {translation.Target.IntensityUnit} {min:0}…{max:0} (mean {mean:0.0}); {translation.SliceIndices.Length} head slices translated at step {model.Manifest.Step}");
        AnsiConsole.MarkupLineInterpolated($"montage: {montage}");
        return 0;
    }

    internal static TranslationDirection ParseDirection(string text, CycleGanConfig config)
    {
        bool bIsCt = config.DomainB.IntensityUnit == "HU", aIsCt = config.DomainA.IntensityUnit == "HU";
        return text switch
        {
            "a2b" => TranslationDirection.AToB,
            "b2a" => TranslationDirection.BToA,
            "mr2ct" when bIsCt && !aIsCt => TranslationDirection.AToB,
            "mr2ct" when aIsCt && !bIsCt => TranslationDirection.BToA,
            "ct2mr" when bIsCt && !aIsCt => TranslationDirection.BToA,
            "ct2mr" when aIsCt && !bIsCt => TranslationDirection.AToB,
            _ => throw new ArgumentException($"--direction {text}: the checkpoint's domains are {config.DomainA.Name} ({config.DomainA.IntensityUnit}) and {config.DomainB.Name} ({config.DomainB.IntensityUnit}), not one MR and one CT; use a2b or b2a"),
        };
    }

    private static string MontagePath(string output)
    {
        var name = output.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? output[..^7] : Path.ChangeExtension(output, null);
        return name + ".png";
    }

    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
