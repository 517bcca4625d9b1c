using System.Security.Cryptography;
using System.Text.Json;
using TidyGan.IO;

namespace TidyGan.Synthetic;

/// <summary>A rejection filter that was applied while drawing a synthetic set: which, at what threshold, how many draws it threw away.</summary>
public sealed record RejectionFilter(string Method, double Threshold, int Drawn, int Rejected);

/// <summary>
/// manifest.json of a synthetic dataset: enough to trace every image to the model that made it (the checkpoint
/// folder, the SHA-256 of each of its files, its step), to draw the same set again (seed, truncation, which
/// generator) and to know what is in it (per-class counts, format, any rejection filter and what it removed).
/// </summary>
public sealed record SyntheticManifest
{
    public const string CurrentFormat = "tidygan-synthetic/1";
    public const string FileName = "manifest.json";
    public const string Unlabelled = "unlabelled";

    public string Format { get; init; } = CurrentFormat;
    public required string ModelKind { get; init; }
    public required string Checkpoint { get; init; }
    /// <summary>SHA-256 (hex) of every file of the checkpoint folder, by file name.</summary>
    public required SortedDictionary<string, string> CheckpointSha256 { get; init; }
    public required long Step { get; init; }
    /// <summary>Which generator weights drew the images (generator_ema.bin or generator.bin).</summary>
    public required string GeneratorFile { get; init; }
    public required int Seed { get; init; }
    /// <summary>Latent truncation: entries of z with |z| above it were redrawn (null = plain N(0, I)).</summary>
    public double? Truncation { get; init; }
    public required string OutputFormat { get; init; }
    public required string Dataset { get; init; }
    public required List<string> ClassNames { get; init; }
    /// <summary>Images per class name, in class order ("unlabelled" for unconditional models).</summary>
    public required List<ClassCount> PerClassCounts { get; init; }
    public required int Total { get; init; }
    public RejectionFilter? Rejection { get; init; }
    /// <summary>What was written, relative to the manifest's folder.</summary>
    public required List<string> Outputs { get; init; }
    public string ToolVersion { get; init; } = JsonReport.ToolVersion;
    public string CreatedUtc { get; init; } = DateTime.UtcNow.ToString("O");

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Training.Checkpoint.Json));

    public static SyntheticManifest Read(string path)
    {
        SyntheticManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<SyntheticManifest>(File.ReadAllText(path), Training.Checkpoint.Json); }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: unreadable synthetic-set manifest: {e.Message}", e);
        }
        if (manifest is null) throw new InvalidDataException($"{path}: empty synthetic-set manifest");
        if (manifest.Format != CurrentFormat) throw new InvalidDataException($"{path}: format '{manifest.Format}' is not '{CurrentFormat}'");
        return manifest;
    }

    /// <summary>SHA-256 of every file directly in a checkpoint folder.</summary>
    public static SortedDictionary<string, string> HashFolder(string folder) =>
        new(Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), Sha256), StringComparer.Ordinal);

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>One entry of <see cref="SyntheticManifest.PerClassCounts"/>.</summary>
public sealed record ClassCount(string Class, int Count);
