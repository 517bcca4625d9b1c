using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>What a checkpoint says about itself (checkpoint.json), written last so a complete manifest means a complete checkpoint.</summary>
public sealed record CheckpointManifest
{
    /// <summary>2: each GAN owns its optimisers and options (learning rates, n_critic); 1 kept them in the trainer's options.</summary>
    public const string CurrentFormat = "tidygan-checkpoint/2";
    public string Format { get; init; } = CurrentFormat;
    public required ModelKind Kind { get; init; }
    public required long Step { get; init; }
    public required JsonNode ModelOptions { get; init; }
    public required TrainerOptions Trainer { get; init; }
    public required DataDescription Data { get; init; }
    public string CreatedUtc { get; init; } = DateTime.UtcNow.ToString("O");

    /// <summary>SHA-256 of every tensor file, checked on load: a damaged file is named, not half-loaded.</summary>
    public Dictionary<string, string> Files { get; init; } = [];

    /// <summary>Reading options, a missing or null required value (a damaged manifest) is a JSON error, not a null model.</summary>
    private static readonly JsonSerializerOptions StrictJson = new(Checkpoint.Json)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The model's options as <typeparamref name="T"/>; missing or unreadable ones are a
    /// <see cref="CheckpointException"/> naming <paramref name="source"/> and <paramref name="what"/> options they are.</summary>
    public T ReadModelOptions<T>(string source, string what)
    {
        try
        {
            return ModelOptions.Deserialize<T>(StrictJson) ?? throw new CheckpointException(source, $"missing {what} options");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(source, $"{what} options cannot be read: {e.Message}");
        }
    }
}

/// <summary>
/// A training state on disk: G, D, G's EMA copy, the GAN's optimisers, the RNG state and the step.
/// Written into a temporary folder and renamed into place, so a crash or kill mid-write never
/// leaves a half checkpoint where the last good one was.
/// </summary>
public static class Checkpoint
{
    public const string Folder = "checkpoints";
    public const string LatestFile = "latest";
    public const string ManifestName = "checkpoint.json";
    public const string GeneratorFile = "generator.bin";
    public const string DiscriminatorFile = "discriminator.bin";
    public const string EmaFile = "generator_ema.bin";

    /// <summary>The state file of the GAN's optimiser <paramref name="name"/> (optimizer_generator.bin, ...).</summary>
    public static string OptimizerFile(string name) => $"optimizer_{name}.bin";
    public const string RandomStateFile = "rng.bin";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Writes the checkpoint of the manifest's step under runDirectory/checkpoints and returns its folder.</summary>
    public static string Save(string runDirectory, CheckpointManifest manifest, nn.Module generator, nn.Module discriminator,
        nn.Module? ema, IReadOnlyList<NamedOptimizer> optimizers, torch.Generator random, int keep)
    {
        var root = Path.Combine(runDirectory, Folder);
        Directory.CreateDirectory(root);
        var name = $"step-{manifest.Step:D7}";
        var final = Path.Combine(root, name);
        var temp = Path.Combine(root, $".{name}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);

        generator.save(Path.Combine(temp, GeneratorFile));
        discriminator.save(Path.Combine(temp, DiscriminatorFile));
        ema?.save(Path.Combine(temp, EmaFile));
        foreach (var o in optimizers)
            ((TorchSharp.Modules.OptimizerHelper)o.Optimizer).save_state_dict(Path.Combine(temp, OptimizerFile(o.Name)));
        using (var state = random.get_state()) File.WriteAllBytes(Path.Combine(temp, RandomStateFile), state.data<byte>().ToArray());

        var hashes = Directory.GetFiles(temp).ToDictionary(f => Path.GetFileName(f), Sha256);
        AtomicFile.WriteAllText(Path.Combine(temp, ManifestName), JsonSerializer.Serialize(manifest with { Files = hashes }, Json));

        if (Directory.Exists(final)) Directory.Delete(final, true);   // same step written again (e.g. after resume)
        Directory.Move(temp, final);
        AtomicFile.WriteAllText(Path.Combine(root, LatestFile), name);
        Prune(root, keep, name);
        return final;
    }

    /// <summary>
    /// Resolves what a user passed as --checkpoint or --resume: a run folder (its newest complete checkpoint)
    /// or one checkpoint folder. Throws <see cref="CheckpointException"/> with the path and problem.
    /// </summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, ManifestName))) return Path.GetFullPath(path);
        var latest = Path.Combine(path, Folder, LatestFile);
        // A kill between renaming a checkpoint into place and updating 'latest' leaves 'latest' one behind:
        // the newest folder with a manifest (written last) is the newest complete checkpoint.
        var newest = Directory.Exists(Path.Combine(path, Folder))
            ? Directory.GetDirectories(Path.Combine(path, Folder), "step-*").Where(d => IsStepFolderName(Path.GetFileName(d)))
                .Where(d => File.Exists(Path.Combine(d, ManifestName))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (newest is not null) return Path.GetFullPath(newest);
        if (File.Exists(latest))
        {
            var name = File.ReadAllText(latest).Trim();
            if (!IsStepFolderName(name))
                throw new CheckpointException(latest, $"names '{name}', not a checkpoint folder beside it (step-NNNNNNN): refused");
            var folder = Path.Combine(path, Folder, name);
            if (File.Exists(Path.Combine(folder, ManifestName))) return Path.GetFullPath(folder);
            throw new CheckpointException(path, $"'{latest}' points to '{folder}', which holds no {ManifestName}");
        }
        if (!Directory.Exists(path)) throw new CheckpointException(path, "no such folder");
        throw new CheckpointException(path, $"not a TidyGan run or checkpoint folder (no {ManifestName} and no {Folder}/{LatestFile})");
    }

    /// <summary>Reads and checks a manifest and the hashes of its files.</summary>
    public static CheckpointManifest ReadManifest(string checkpointFolder)
    {
        var path = Path.Combine(checkpointFolder, ManifestName);
        CheckpointManifest? manifest;
        try
        {
            var text = File.ReadAllText(path);
            var format = JsonNode.Parse(text)?["format"]?.GetValue<string>();
            if (format != CheckpointManifest.CurrentFormat)
                throw new CheckpointException(path, format == "tidygan-checkpoint/1"
                    ? "written by an earlier TidyGan (format 1, whose options were laid out differently): retrain, or sample it with the version that wrote it"
                    : $"format '{format}' is not '{CheckpointManifest.CurrentFormat}'");
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(text, Json);
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or InvalidOperationException)
        {
            throw new CheckpointException(path, $"unreadable manifest: {e.Message}");
        }
        if (manifest is null) throw new CheckpointException(path, "empty manifest");
        // Only files inside the folder, and every file in it hashed: weights added or swapped after the manifest
        // was written, or a manifest sending the loader elsewhere, are refused.
        foreach (var file in manifest.Files.Keys)
            if (file.Length == 0 || file is "." or ".." || file != Path.GetFileName(file) || file.Contains('\\'))
                throw new CheckpointException(path, $"lists the file '{file}', which is not inside its folder: refused");
        foreach (var file in Directory.GetFiles(checkpointFolder).Select(f => Path.GetFileName(f)))
            if (file != ManifestName && !manifest.Files.ContainsKey(file))
                throw new CheckpointException(Path.Combine(checkpointFolder, file), "is not listed (with its hash) in the manifest: changed after the checkpoint was written?");
        foreach (var (file, hash) in manifest.Files)
        {
            var full = Path.Combine(checkpointFolder, file);
            if (!File.Exists(full)) throw new CheckpointException(full, "file listed in the manifest is missing");
            if (Sha256(full) != hash) throw new CheckpointException(full, "file is damaged (its SHA-256 differs from the manifest's)");
        }
        return manifest;
    }

    /// <summary>Loads module weights, naming the file when it does not fit the model.</summary>
    public static void LoadModule(nn.Module module, string file)
    {
        try { module.load(file); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointException(file, $"does not fit the {module.GetName()} model: {e.Message}");
        }
    }

    public static void LoadOptimizer(torch.optim.Optimizer optimizer, string file)
    {
        try { ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(file); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointException(file, $"optimizer state does not fit: {e.Message}");
        }
    }

    /// <summary>
    /// Restores the RNG. libtorch aborts the whole process (an uncaught native error) on a state of the wrong size,
    /// so the size is checked here first: a damaged file is named, not fatal.
    /// </summary>
    public static void LoadRandomState(torch.Generator random, string file)
    {
        var bytes = File.ReadAllBytes(file);
        long expected;
        using (var current = random.get_state()) expected = current.NumberOfElements;
        if (bytes.Length != expected)
            throw new CheckpointException(file, $"random-number state has {bytes.Length} bytes, this libtorch's generator needs {expected}");
        using var state = torch.tensor(bytes);
        random.set_state(state);
    }

    private static bool IsStepFolderName(string name) =>
        name.Length > 5 && name.StartsWith("step-", StringComparison.Ordinal) && name[5..].All(char.IsAsciiDigit);

    private static void Prune(string root, int keep, string newest)
    {
        var complete = Directory.GetDirectories(root, "step-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        foreach (var old in complete.Where(n => n != newest).SkipLast(Math.Max(0, keep - 1)))
            Directory.Delete(Path.Combine(root, old!), true);
        foreach (var stale in Directory.GetDirectories(root, ".step-*.tmp-*")) Directory.Delete(stale, true);
        foreach (var stale in Directory.GetFiles(root, $".{LatestFile}.*.tmp")) File.Delete(stale);   // a kill while 'latest' was written
    }

    private static string Sha256(string file) => FileHashes.Sha256(file);
}

/// <summary>A checkpoint that cannot be used, with the file and the reason.</summary>
public sealed class CheckpointException(string path, string problem) : UserException($"{path}: {problem}")
{
    public string Path { get; } = path;
}
