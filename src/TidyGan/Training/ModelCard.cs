using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TidyGan.Data;

namespace TidyGan.Training;

/// <summary>
/// What a trained model is, what it learnt from and how well it did: written as model-card.json and model-card.md into
/// every run folder (at the end of every training session) and beside every export (FILE.model-card.json/.md); the
/// measuring verbs (`evaluate`, `cyclegan-eval`, `turing report`) add their section to <see cref="Metrics"/>. The fields
/// map one to one onto medigan's model metadata (<see cref="ModelCardMedigan"/>, docs/model-cards.md).
/// </summary>
public sealed record ModelCard
{
    public const string CurrentFormat = "tidygan-model-card/1";
    public const string JsonName = "model-card.json";
    public const string MarkdownName = "model-card.md";

    public string Format { get; init; } = CurrentFormat;
    public required string Title { get; init; }
    public required CardModel Model { get; init; }
    public required CardPaper Paper { get; init; }
    public required IReadOnlyList<CardDataSource> Data { get; init; }
    public required CardTraining Training { get; init; }
    public required CardCheckpoint Checkpoint { get; init; }

    /// <summary>One section per measuring command ("evaluate", "cyclegan-eval", "turing"), replaced when it runs again.</summary>
    public SortedDictionary<string, CardMetrics> Metrics { get; init; } = new(StringComparer.Ordinal);

    public required CardUse Use { get; init; }

    /// <summary>Set on the card beside an exported file: the format and the checkpoint it came from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public CardExport? Export { get; init; }

    /// <summary>The TidyGan version that last wrote the card.</summary>
    public string Tool { get; init; } = IO.JsonReport.ToolVersion;
    public string UpdatedUtc { get; init; } = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    /// <summary>The card with <paramref name="section"/> added, or replacing the one of the same command.</summary>
    public ModelCard WithMetrics(CardMetrics section)
    {
        var metrics = new SortedDictionary<string, CardMetrics>(Metrics, StringComparer.Ordinal) { [section.Command] = section };
        return this with { Metrics = metrics, Tool = IO.JsonReport.ToolVersion, UpdatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") };
    }
}

/// <param name="Kind">The checkpoint's kind name (dcgan, cgan, wgan-gp, cyclegan, segmentation, ...).</param>
/// <param name="Name">The model in words, e.g. "DC-GAN".</param>
/// <param name="Options">The model's options exactly as the checkpoint records them.</param>
/// <param name="Trainer">The trainer's options (steps, batch, schedule, EMA, augmentation, seed).</param>
/// <param name="Settings">Every resolved setting beside its default (<see cref="CardPaper.DefaultsFrom"/>), as the training verb's table shows it.</param>
public sealed record CardModel(string Kind, string Name, JsonNode Options, JsonNode Trainer, IReadOnlyList<ConfigEntry> Settings);

/// <param name="Citation">The paper the model follows.</param>
/// <param name="Url">Where to read it (arXiv).</param>
/// <param name="ReferenceImplementation">The code whose defaults and layout TidyGan follows, when there is one.</param>
/// <param name="DefaultsFrom">What the "default" of <see cref="Differences"/> means (the paper's, the reference code's, a preset's).</param>
/// <param name="Differences">Every setting whose value differs from that default.</param>
/// <param name="Notes">Differences in the procedure itself (update order, ...), from the GAN's own documentation.</param>
public sealed record CardPaper(string Citation, string Url, string? ReferenceImplementation, string DefaultsFrom,
    IReadOnlyList<ConfigEntry> Differences, IReadOnlyList<string> Notes);

/// <param name="Role">training, domain A, domain B, labelled, target.</param>
/// <param name="Name">The dataset as the command line named it (fashion-mnist, mr-head, cohort:PATH:t1, nifti:PATH, ...).</param>
/// <param name="Source">Where the data come from: the Debian package, a cohort folder or manifest, a file.</param>
/// <param name="Images">Training images (slices) it gave; 0 when not recorded.</param>
/// <param name="Subjects">A cohort's subjects in each split (null: not a cohort).</param>
/// <param name="Files">The input files with their SHA-256 (a DICOM series: one entry, the listing digest of its files).</param>
/// <param name="FilesNote">How the files were chosen and hashed, or why there are none.</param>
public sealed record CardDataSource(string Role, string Name, string Source, int Images, int? Limit, IReadOnlyList<string> Classes,
    CardPreprocessing Preprocessing, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CohortSplit? Subjects,
    IReadOnlyList<CardFile> Files, string FilesNote);

/// <param name="IntensityMapping">The exact normalisation: "[−1, 1] ↔ [low, high] unit".</param>
/// <param name="PixelSpacingMm">Row × column spacing of the training slices (volumes only).</param>
/// <param name="MaxDepthMm">Slices kept at most this far below each head's vertex (null: all).</param>
/// <param name="Augmentation">The trainer's augmentation, in words.</param>
public sealed record CardPreprocessing(int ImageSize, int Channels, string IntensityMapping, string IntensityUnit, double IntensityLow, double IntensityHigh,
    double? FieldOfViewMm, double[]? PixelSpacingMm, double? SliceSpacingMm, string? SliceAxis, double? MaxDepthMm, string Augmentation);

/// <param name="Files">More than one when the entry is a folder (a DICOM series): its digest is then <see cref="IO.FileHashes.Listing"/> of them.</param>
public sealed record CardFile(string Path, string Sha256, long Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Split = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Modality = null,
    int Files = 1);

/// <param name="Steps">Steps done (the checkpoint's step).</param>
/// <param name="PlannedSteps">Steps the run was set to reach.</param>
/// <param name="WallSeconds">Training time summed over the recorded sessions; null when none was recorded (a card made after training).</param>
/// <param name="Sessions">Each training session (a new run, then each resume): steps, time, speed and machine.</param>
public sealed record CardTraining(long Steps, long PlannedSteps, int BatchSize, int Seed, string Device,
    double? WallSeconds, double? StepsPerSecond, IReadOnlyList<CardSession> Sessions);

public sealed record CardSession(long FromStep, long ToStep, double WallSeconds, double StepsPerSecond, string Machine, string FinishedUtc);

/// <param name="Folder">The checkpoint folder, relative to the run folder (absolute when it lies elsewhere).</param>
/// <param name="Sha256">One digest of the checkpoint: <see cref="IO.FileHashes.Listing"/> of <see cref="Files"/>, as <see cref="Sha256Method"/> states.</param>
/// <param name="Files">SHA-256 of each tensor file (checkpoint.json's own list, checked against the files when the card is written).</param>
/// <param name="WeightsFile">The file a deployment uses: generator_ema.bin when the run kept an EMA copy, else generator.bin.</param>
public sealed record CardCheckpoint(string Folder, long Step, string Sha256, string Sha256Method, IReadOnlyDictionary<string, string> Files,
    string WeightsFile, string CreatedUtc);

/// <param name="Command">The measuring command: evaluate, cyclegan-eval, turing.</param>
/// <param name="Step">The step of the checkpoint it measured.</param>
/// <param name="Against">What the model was compared with (the real data, a study).</param>
public sealed record CardMetrics(string Command, string MeasuredUtc, long Step, string Checkpoint, string Against,
    IReadOnlyList<CardMetric> Values, IReadOnlyList<string> Notes);

/// <param name="N">Generated (synthetic) images or answers the value rests on.</param>
/// <param name="NReal">Real images it was compared with.</param>
/// <param name="Extractor">Feature extractor name and version (FD, KID, PRDC).</param>
/// <param name="Low">Lower end of the 95% interval (see <paramref name="Note"/> for the method).</param>
public sealed record CardMetric(string Name, double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Low = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? High = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? N = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NReal = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Extractor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);

/// <param name="ClinicalUse">Always "Not for clinical use", with the reason.</param>
public sealed record CardUse(string Intended, string ClinicalUse, IReadOnlyList<string> OutOfScope, string License);

/// <param name="Format">onnx, pytorch, safetensors, ...</param>
/// <param name="File">The exported file's name (it lies beside the card).</param>
/// <param name="Details">Format specifics: opset, inputs and outputs, intensity metadata.</param>
/// <param name="FromCheckpoint">The checkpoint folder it was exported from, and that checkpoint's digest.</param>
public sealed record CardExport(string Format, string File, string Sha256, long Bytes, string Network, bool UsesEma, long Step,
    IReadOnlyDictionary<string, string> Details, string FromCheckpoint, string FromCheckpointSha256);
