using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Reports;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan denoise --checkpoint RUN --input low.nii.gz --output out.nii.gz`: a whole volume through a paired model (a
/// denoiser or pix2pix), slice by slice in batches, as `translate` does (<see cref="VolumeTranslator"/>); NIfTI out on the
/// input's grid (shape, affine, spacing), int16 HU when the target is CT, plus a PNG montage.
/// </summary>
public sealed class DenoiseCommand : Command<DenoiseCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("A `train denoiser` or `train pix2pix` run folder (its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("Volume to denoise: NIfTI, InVesalius .inv3 or DICOM (file or one-series folder)")]
        public string? Input { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("NIfTI file to write (same dims, affine and spacing as the input; CT as int16 HU)")]
        public string? Output { get; init; }

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
            if (Batch < 1) return ValidationResult.Error($"--batch must be ≥ 1 (got {Batch})");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = CheckpointLoader.Load<IPairedModel>(settings.Checkpoint!, Devices.Parse(settings.Device));
        var (input, _) = AnsiConsole.Status().Start($"Reading {settings.Input}…", _ => TranslateCommand.Read(settings.Input!));
        Translation translation = null!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(model.Manifest.Kind.Name(), maxValue: 1);
                translation = VolumeTranslator.Translate(model.Gan, input, settings.Batch,
                    new TranslateCommand.Progress(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
        using var _ = translation;
        var output = translation.Output;
        NiftiWriter.Write(settings.Output!, output, output.SourceDataType, $"TidyGan {model.Manifest.Kind.Name()} step {model.Manifest.Step}");
        var montage = settings.Montage ?? TranslateCommand.MontagePath(settings.Output!);
        TranslationMontage.Save(input.Shape.Length == 4 ? input.Frame(0) : input, output, translation.SliceIndices, montage);
        var (min, max, mean) = output.Statistics();
        AnsiConsole.MarkupLineInterpolated($"{settings.Output}: {string.Join("×", output.Shape)} voxels, {output.SourceDataType}, {translation.Target.IntensityUnit} {min:0}…{max:0} (mean {mean:0.0}); {translation.SliceIndices.Length} head slices at step {model.Manifest.Step}");
        AnsiConsole.MarkupLineInterpolated($"montage: {montage}");
        return 0;
    }
}
