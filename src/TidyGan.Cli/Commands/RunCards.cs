using Spectre.Console;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Training;

namespace TidyGan.Cli.Commands;

/// <summary>
/// The model cards of the command line: written when a training session finishes (<see cref="TrainingFrontEnd.Finish"/>),
/// updated by the measuring verbs, and written beside exports. The settings table is the training verb's own
/// (<see cref="Settings"/>), rebuilt from the checkpoint, so a card made later for an old run says the same.
/// </summary>
internal static class RunCards
{
    /// <summary>The training verb's configuration table for a checkpoint, and what its defaults are.</summary>
    public static (IReadOnlyList<ConfigEntry> Rows, string DefaultsFrom) Settings(CheckpointManifest manifest, IModelOptions model) => model switch
    {
        CycleGanConfig c => (CycleGanTrainCommand.Config(c, manifest.Trainer).ToList(), CycleGanTrainCommand.DefaultsFrom),
        SegmentationConfig s => (SegmentRunner.Config(s, manifest.Trainer), SegmentRunner.DefaultsFrom),
        Pix2PixConfig p => (Pix2PixTrainCommand.Config(p, manifest.Trainer).ToList(), Pix2PixTrainCommand.DefaultsFrom),
        DenoiserConfig d => (DenoiserTrainCommand.Config(d, manifest.Trainer).ToList(), DenoiserTrainCommand.DefaultsFrom),
        DcGanConfig or WganGpConfig or ConditionalGanConfig =>
            (RunPlan.Settings(manifest.Kind, manifest.Data.Name, manifest.Data.Size, model, manifest.Trainer, manifest.Data.MrIntensity).ToList(), RunPlan.DefaultsFrom),
        _ => ([new ConfigEntry("kind", manifest.Kind.Name(), "—"), .. ConfigDiff.Compare("trainer", manifest.Trainer, TrainerOptions.Paper)], "the trainer's paper preset"),
    };

    /// <summary>Writes the run's card after a training session; returns its path (null when the session saved no checkpoint).</summary>
    public static string? AfterTraining(TrainingResult result)
    {
        if (result.LastCheckpoint is not { } checkpoint) return null;
        var manifest = Checkpoint.ReadManifest(checkpoint);
        var session = ModelCards.Session(result, result.StartStep, manifest.Trainer.Device);
        return WriteRunCard(checkpoint, session);
    }

    /// <summary>Adds (or replaces) <paramref name="metrics"/> in the card of the run <paramref name="runOrCheckpoint"/>, creating the card
    /// from the checkpoint when the run has none yet (an old run); returns the card's path.</summary>
    public static string AddMetrics(string runOrCheckpoint, CardMetrics metrics)
    {
        var checkpoint = Checkpoint.Resolve(runOrCheckpoint);
        var path = CardPath(checkpoint);
        var card = ModelCards.Read(path) ?? Build(Checkpoint.Resolve(Path.GetDirectoryName(path)!), null, null);
        ModelCards.Write(path, card.WithMetrics(metrics));
        return path;
    }

    /// <summary>The card beside an exported file: the run's card (with its metrics) plus the export's format, file hash and source checkpoint.</summary>
    public static string ForExport(string runOrCheckpoint, string exportedFile, string format, string network, bool usesEma, long step,
        IReadOnlyDictionary<string, string> details)
    {
        var checkpoint = Checkpoint.Resolve(runOrCheckpoint);
        var runCard = ModelCards.Read(CardPath(checkpoint));
        // The run's card describes its latest checkpoint: reuse it when that is the one exported, else describe the exported one.
        var card = runCard is not null && Same(runCard, checkpoint) ? runCard : Build(checkpoint, null, runCard);
        var file = Path.GetFullPath(exportedFile);
        card = card with
        {
            Export = new CardExport(format, Path.GetFileName(file), FileHashes.Sha256(file), new FileInfo(file).Length, network, usesEma, step, details,
                checkpoint, card.Checkpoint.Sha256),
            UpdatedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        var path = ModelCards.ExportCardPath(file);
        ModelCards.Write(path, card);
        return path;
    }

    /// <summary>A run folder or checkpoint folder (what the measuring verbs accept as the model they measured).</summary>
    public static bool IsRun(string path) =>
        Directory.Exists(path) && (File.Exists(Path.Combine(path, Checkpoint.ManifestName)) || File.Exists(Path.Combine(path, Checkpoint.Folder, Checkpoint.LatestFile)));

    /// <summary>Prints where a card went, or a warning when it could not be written (the run itself is fine).</summary>
    public static void Report(Func<string?> write)
    {
        try
        {
            if (write() is { } path) AnsiConsole.MarkupLineInterpolated($"Model card: {path} (and {Path.GetFileName(ModelCards.MarkdownPath(path))})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UserException or ArgumentException or System.Text.Json.JsonException
                                       or NotSupportedException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] model card not written: {e.Message}");
        }
    }

    private static string WriteRunCard(string checkpoint, CardSession? session)
    {
        var path = CardPath(checkpoint);
        ModelCards.Write(path, Build(checkpoint, session, ModelCards.Read(path)));
        return path;
    }

    private static ModelCard Build(string checkpoint, CardSession? session, ModelCard? previous)
    {
        var manifest = Checkpoint.ReadManifest(checkpoint);
        var (rows, defaultsFrom) = Settings(manifest, ModelCatalog.ReadOptions(manifest, checkpoint));
        return ModelCards.Build(checkpoint, rows, defaultsFrom, session, previous);
    }

    /// <summary>The run folder's card; a checkpoint folder outside a run keeps its card inside itself.</summary>
    private static string CardPath(string checkpoint) => ModelCards.RunCardPath(ModelCards.RunFolderOf(checkpoint) ?? checkpoint);

    private static bool Same(ModelCard card, string checkpoint) =>
        card.Checkpoint.Sha256 == FileHashes.Listing(Checkpoint.ReadManifest(checkpoint).Files);
}
