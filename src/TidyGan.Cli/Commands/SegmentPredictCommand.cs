using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Segmentation;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan segment predict --checkpoint DIR --in vol.nii.gz --out labels.nii.gz`.</summary>
public sealed class SegmentPredictCommand : Command<SegmentPredictCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("A segment train / adapt run folder (its latest checkpoint) or one checkpoint folder")]
        public string? Checkpoint { get; init; }

        [CommandOption("--in <FILE>")]
        [Description("Input volume: NIfTI (.nii, .nii.gz), InVesalius (.inv3), or DICOM (file or one-series folder); CT is recognised by its HU range")]
        public string? Input { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output label map (NIfTI, uint8: 0 background, 1 head, 2 brain; a cohort-trained model: its cohort's labels) on the input's grid and affine")]
        public string? Output { get; init; }

        public override ValidationResult Validate()
        {
            if (Checkpoint is null) return ValidationResult.Error("--checkpoint DIR is required");
            if (Input is null) return ValidationResult.Error("--in FILE is required");
            if (Output is null) return ValidationResult.Error("--out FILE is required");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = SegmentationModel.Load(settings.Checkpoint!);
        var input = VolumeFiles.Read(settings.Input!);
        var labels = AnsiConsole.Status().Start($"Segmenting {settings.Input}…", _ => VolumeSegmenter.Segment(model, input));
        NiftiWriter.Write(settings.Output!, labels, NiftiDataType.UInt8, "TidyGan segmentation");
        var names = model.Config.ClassNames;
        var counts = Enumerable.Range(0, names.Count).Select(k => labels.Voxels.Count(v => (int)v == k)).ToArray();
        var summary = string.Join(", ", Enumerable.Range(0, names.Count).Select(k => $"{names[k]} {counts[k]}"));
        AnsiConsole.MarkupLineInterpolated($"Wrote {settings.Output}: [[{string.Join("×", labels.Shape)}]] voxels; {summary}");
        return 0;
    }
}
