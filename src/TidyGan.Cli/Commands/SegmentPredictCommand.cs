using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.Training;
using TorchSharp;
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

        [CommandOption("--engine <ENGINE>")]
        [Description("torch (TidyGan's own inference, default) or onnx (the U-Net exported in memory, run by ONNX Runtime on the same prepared slices)")]
        public string Engine { get; init; } = "torch";

        [CommandOption("--onnx-provider <P>")]
        [Description("With --engine onnx: cpu (default) or cuda (needs ONNX Runtime's GPU build; untested)")]
        public string OnnxProvider { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (Engine is not ("torch" or "onnx")) return ValidationResult.Error($"--engine '{Engine}' is neither torch nor onnx");
            if (OnnxProvider is not ("cpu" or "cuda")) return ValidationResult.Error($"--onnx-provider '{OnnxProvider}' is neither cpu nor cuda");
            if (Engine != "onnx" && OnnxProvider != "cpu") return ValidationResult.Error("--onnx-provider applies to --engine onnx only");
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
        Volume labels;
        if (settings.Engine == "onnx")
        {
            using var trained = CheckpointLoader.Load<AdversarialSegmenter>(settings.Checkpoint!);
            using var network = OnnxImageNetwork.Of(trained, threads: torch.get_num_threads(), provider: OnnxInference.ParseProvider(settings.OnnxProvider));
            labels = AnsiConsole.Status().Start($"Segmenting {settings.Input} with ONNX Runtime…", _ => VolumeSegmenter.Segment(model.Config, input, network.Forward));
        }
        else labels = AnsiConsole.Status().Start($"Segmenting {settings.Input}…", _ => VolumeSegmenter.Segment(model, input));
        NiftiWriter.Write(settings.Output!, labels, NiftiDataType.UInt8, "TidyGan segmentation");
        var names = model.Config.ClassNames;
        var counts = Enumerable.Range(0, names.Count).Select(k => labels.Voxels.Count(v => (int)v == k)).ToArray();
        var summary = string.Join(", ", Enumerable.Range(0, names.Count).Select(k => $"{names[k]} {counts[k]}"));
        AnsiConsole.MarkupLineInterpolated($"Wrote {settings.Output}: [[{string.Join("×", labels.Shape)}]] voxels; {summary}");
        return 0;
    }
}
