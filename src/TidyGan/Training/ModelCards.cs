using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.Gans;
using TidyGan.IO;

namespace TidyGan.Training;

/// <summary>
/// Builds, reads and writes model cards (<see cref="ModelCard"/>): the run folder's model-card.json/.md, and
/// FILE.model-card.json/.md beside an export. Writes are atomic (a reader never sees half a card).
/// </summary>
public static class ModelCards
{
    /// <summary>The checkpoint's JSON conventions; a metric that is not a number (HD95 of an empty mask) is written as "NaN".</summary>
    public static readonly JsonSerializerOptions Json = new(Checkpoint.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public const string CheckpointDigestMethod =
        "SHA-256 of the text `sha256sum` prints for the checkpoint's tensor files (every file but checkpoint.json), one line " +
        "\"HASH  NAME\" per file in C-locale name order: cd CHECKPOINT && LC_ALL=C sha256sum $(LC_ALL=C ls *.bin) | sha256sum";

    /// <summary>
    /// The card of the checkpoint in <paramref name="checkpointFolder"/> (its files' hashes checked first). From
    /// <paramref name="previous"/> (the run's earlier card) it keeps the metrics sections and the training sessions
    /// before <paramref name="session"/>.
    /// </summary>
    /// <param name="settings">Every resolved setting beside its default, as the training verb's table shows it.</param>
    /// <param name="defaultsFrom">What those defaults are: "the paper's default", ...</param>
    public static ModelCard Build(string checkpointFolder, IReadOnlyList<ConfigEntry> settings, string defaultsFrom,
        CardSession? session = null, ModelCard? previous = null)
    {
        checkpointFolder = Path.GetFullPath(checkpointFolder);
        var manifest = Checkpoint.ReadManifest(checkpointFolder);
        var options = ModelCatalog.ReadOptions(manifest, checkpointFolder);
        var paper = ModelCardPapers.Of(manifest.Kind, options);
        var data = ModelCardData.Of(manifest, options);
        var names = data.Select(d => d.Name).ToList();

        var sessions = (previous?.Training.Sessions ?? []).Where(s => s.ToStep <= (session?.FromStep ?? manifest.Step)).ToList();
        if (session is not null) sessions.Add(session);
        double? wall = sessions.Count == 0 ? null : sessions.Sum(s => s.WallSeconds);
        long sessionSteps = sessions.Sum(s => s.ToStep - s.FromStep);
        var trainer = manifest.Trainer;

        var runFolder = RunFolderOf(checkpointFolder);
        string folder = runFolder is null ? checkpointFolder : Path.GetRelativePath(runFolder, checkpointFolder).Replace('\\', '/');
        bool ema = File.Exists(Path.Combine(checkpointFolder, Checkpoint.EmaFile));

        return new ModelCard
        {
            Title = $"{paper.Name} ({manifest.Kind.Name()}) on {string.Join(manifest.Kind == ModelKind.CycleGan ? " ↔ " : " + ", names)}, step {manifest.Step}",
            Model = new CardModel(manifest.Kind.Name(), paper.Name, manifest.ModelOptions.DeepClone(),
                JsonSerializer.SerializeToNode(trainer, Checkpoint.Json)!, settings),
            Paper = new CardPaper(paper.Citation, paper.Url, paper.ReferenceImplementation, defaultsFrom,
                settings.Where(s => s.Changed && s.Default != "—").ToList(), paper.Notes),
            Data = data,
            Training = new CardTraining(manifest.Step, trainer.Steps, trainer.BatchSize, trainer.Seed, trainer.Device,
                wall, wall is > 0 ? sessionSteps / wall : null, sessions),
            Checkpoint = new CardCheckpoint(folder, manifest.Step, FileHashes.Listing(manifest.Files), CheckpointDigestMethod,
                new SortedDictionary<string, string>(manifest.Files, StringComparer.Ordinal), ema ? Checkpoint.EmaFile : Checkpoint.GeneratorFile, manifest.CreatedUtc),
            Metrics = previous?.Metrics ?? new(StringComparer.Ordinal),
            Use = new CardUse(ModelCardPapers.IntendedUse(manifest.Kind, names), ModelCardPapers.NotForClinicalUse, ModelCardPapers.OutOfScope, ModelCardPapers.License),
        };
    }

    /// <summary>A finished training session (steps, wall time, speed) on this machine.</summary>
    public static CardSession Session(TrainingResult result, long fromStep, string device) =>
        new(fromStep, result.Step, Math.Round(result.Elapsed.TotalSeconds, 3), Math.Round(result.StepsPerSecond, 4),
            $"{Machine()}, {Environment.ProcessorCount} logical CPUs, device {device}", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));

    /// <summary>The run folder holding <paramref name="checkpointFolder"/> (RUN/checkpoints/step-N), or null when it lies elsewhere.</summary>
    public static string? RunFolderOf(string checkpointFolder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(checkpointFolder).TrimEnd(Path.DirectorySeparatorChar));
        return parent is not null && Path.GetFileName(parent) == Checkpoint.Folder ? Path.GetDirectoryName(parent) : null;
    }

    /// <summary>model-card.json of a run folder, or FILE.model-card.json beside an exported FILE.</summary>
    public static string RunCardPath(string runFolder) => Path.Combine(runFolder, ModelCard.JsonName);
    public static string ExportCardPath(string exportedFile) => exportedFile + "." + ModelCard.JsonName;
    public static string MarkdownPath(string jsonPath) => jsonPath[..^".json".Length] + ".md";

    /// <summary>The card at <paramref name="jsonPath"/>, or null when there is none or it cannot be read (it is then rebuilt).</summary>
    public static ModelCard? Read(string jsonPath)
    {
        if (!File.Exists(jsonPath)) return null;
        try
        {
            var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(jsonPath), Json);
            return card?.Format == ModelCard.CurrentFormat ? card : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="card"/> as <paramref name="jsonPath"/> (with its medigan block) and the Markdown beside it, each atomically.</summary>
    public static void Write(string jsonPath, ModelCard card)
    {
        var json = JsonSerializer.SerializeToNode(card, Json)!.AsObject();
        json["medigan"] = ModelCardMedigan.Of(card);
        AtomicFile.WriteAllText(jsonPath, json.ToJsonString(Json) + "\n");
        AtomicFile.WriteAllText(MarkdownPath(jsonPath), ModelCardMarkdown.Write(card));
    }

    /// <summary>The CPU's model name from /proc/cpuinfo ("unknown CPU" where there is none).</summary>
    private static string Machine()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
