using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.Data;
using TidyGan.Export;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Reports;
using TidyGan.Synthetic;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan translate`: a whole volume through a Cycle-GAN, slice by slice, written back in the input's space, as
/// NIfTI or (a synthetic CT in HU only) as a DICOM CT series. Another modality (ct2mr) is refused with --format dicom
/// rather than written as MR Image Storage: its intensities are in no physical unit a DICOM reader could use.
/// </summary>
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

        [CommandOption("--output <PATH>")]
        [Description("NIfTI file to write (same dims, affine and spacing as the input; CT as int16 HU), or with --format dicom a new folder for the DICOM series")]
        public string? Output { get; init; }

        [CommandOption("--format <F>")]
        [Description("nifti or dicom (a CT Image Storage series on the input's grid; synthetic CT only). Default: the input's format")]
        public string? Format { get; init; }

        [CommandOption("--anonymize")]
        [Description("With --format dicom: leave the patient module empty and copy no study attributes but the UIDs")]
        public bool Anonymize { get; init; }

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

        [CommandOption("--engine <ENGINE>")]
        [Description("torch (TidyGan's own inference, default) or onnx (the generator exported in memory, run by ONNX Runtime on the same prepared slices)")]
        public string Engine { get; init; } = "torch";

        [CommandOption("--onnx-provider <P>")]
        [Description("With --engine onnx: cpu (default) or cuda (needs ONNX Runtime's GPU build; untested)")]
        public string OnnxProvider { get; init; } = "cpu";

        public override ValidationResult Validate()
        {
            if (Checkpoint is null) return ValidationResult.Error("--checkpoint DIR is required");
            if (Input is null) return ValidationResult.Error("--input FILE is required");
            if (Output is null) return ValidationResult.Error("--output FILE is required");
            if (Direction is not ("mr2ct" or "ct2mr" or "a2b" or "b2a")) return ValidationResult.Error($"--direction '{Direction}' is not one of mr2ct, ct2mr, a2b, b2a");
            if (Batch < 1) return ValidationResult.Error($"--batch must be ≥ 1 (got {Batch})");
            if (Format is not (null or "nifti" or "dicom")) return ValidationResult.Error($"--format '{Format}' is not one of nifti, dicom");
            if (Engine is not ("torch" or "onnx")) return ValidationResult.Error($"--engine '{Engine}' is neither torch nor onnx");
            if (OnnxProvider is not ("cpu" or "cuda")) return ValidationResult.Error($"--onnx-provider '{OnnxProvider}' is neither cpu nor cuda");
            if (Engine != "onnx" && OnnxProvider != "cpu") return ValidationResult.Error("--onnx-provider applies to --engine onnx only");
            if (Engine == "onnx" && !string.Equals(Device, "cpu", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error("--engine onnx runs ONNX Runtime (--onnx-provider picks CPU or CUDA): leave --device at cpu");
            if (Anonymize && OutputFormat != "dicom") return ValidationResult.Error("--anonymize applies to --format dicom only (a NIfTI output carries no patient data)");
            return ValidationResult.Success();
        }

        /// <summary>--format, or the input's own format: dicom for a DICOM input, nifti for anything else.</summary>
        public string OutputFormat => Format ?? (Input is not null && VolumeFiles.IsDicom(Input) ? "dicom" : "nifti");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = CheckpointLoader.Load<CycleGan>(settings.Checkpoint!, Devices.Parse(settings.Device));
        var direction = ParseDirection(settings.Direction, model.Gan.Config);
        bool dicom = settings.OutputFormat == "dicom";
        if (dicom)
        {
            var target = direction == TranslationDirection.AToB ? model.Gan.Config.DomainB : model.Gan.Config.DomainA;
            if (target.IntensityUnit != "HU")
                throw new UserException($"--format dicom writes a CT series in Hounsfield units, but --direction {settings.Direction} makes {target.Name} ({target.IntensityUnit}); use --format nifti");
            DicomSeriesWriter.CheckOutputFolder(settings.Output!);
        }
        // A DICOM input is read once, as a series: its volume, and the identity a synthetic series must share.
        using var onnx = settings.Engine == "onnx"
            ? OnnxImageNetwork.Of(model, direction, torch.get_num_threads(), OnnxInference.ParseProvider(settings.OnnxProvider))
            : null;
        var (input, reference) = AnsiConsole.Status().Start($"Reading {settings.Input}…", _ => Read(settings.Input!));
        Translation translation = null!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"translate {settings.Direction}", maxValue: 1);
                translation = VolumeTranslator.Translate(model.Gan, input, direction, settings.Batch,
                    new Progress(p => { task.MaxValue = p.Total; task.Value = p.Done; }), onnx is null ? null : onnx.Forward);
                task.Value = task.MaxValue;
            });
        using var _ = translation;
        if (translation.Source.IntensityUnit != "HU")
            AnsiConsole.MarkupLineInterpolated($"input prepared as the run recorded: MR intensity {translation.Source.MrIntensity.Name()}{(translation.Source.Preprocessing is null ? " (a run from before the rule was recorded)" : "")}, {model.Gan.Config.FieldOfViewMm} mm field of view, {model.Gan.Config.Model.ImageSize} px");
        var output = translation.Output;
        if (dicom)
        {
            var generator = Path.Combine(model.Folder, model.UsesEma ? Checkpoint.EmaFile : Checkpoint.GeneratorFile);
            var origin = new SyntheticOrigin($"{model.Manifest.Kind.ToString().ToLowerInvariant()} {settings.Direction}", model.Manifest.Step, SyntheticManifest.Sha256(generator));
            var written = DicomSeriesWriter.Write(settings.Output!, output, origin, reference, settings.Anonymize);
            AnsiConsole.MarkupLineInterpolated($"{written.Folder}: {written.Files.Count} CT Image Storage files, series {written.SeriesInstanceUid}{(reference is null ? ", new study" : "")}{(settings.Anonymize ? ", anonymized" : "")}");
        }
        else
        {
            NiftiWriter.Write(settings.Output!, output, output.SourceDataType, $"TidyGan cyclegan {settings.Direction}");
        }
        var montage = settings.Montage ?? MontagePath(settings.Output!);
        TranslationMontage.Save(input.Shape.Length == 4 ? input.Frame(0) : input, output, translation.SliceIndices, montage);
        var (min, max, mean) = output.Statistics();
        AnsiConsole.MarkupLineInterpolated($"{settings.Output}: {string.Join("×", output.Shape)} voxels, {output.SourceDataType}, {translation.Target.IntensityUnit} {min:0}…{max:0} (mean {mean:0.0}); {translation.SliceIndices.Length} head slices translated at step {model.Manifest.Step}{(onnx is null ? "" : $" by ONNX Runtime ({settings.OnnxProvider})")}");
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

    /// <summary>A DICOM input: a folder (a series) or a .dcm file.</summary>
    /// <summary>The input volume and, for a DICOM series, its study/frame-of-reference/patient identity (null for NIfTI or InVesalius).</summary>
    internal static (Volume Volume, DicomSeriesInfo? Reference) Read(string input)
    {
        if (!VolumeFiles.IsDicom(input)) return (VolumeFiles.Read(input), null);
        var series = DicomSeriesReader.Read(input);
        foreach (var warning in series.Warnings) Warnings.Print(warning);
        return (series.Volume, series.Info);
    }

    internal static string MontagePath(string output)
    {
        output = Path.TrimEndingDirectorySeparator(output);
        var name = output.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? output[..^7] : Path.ChangeExtension(output, null);
        return name + ".png";
    }

    internal sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
