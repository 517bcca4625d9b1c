using System.Text.Json.Nodes;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Tests.Training;
using TidyGan.Training;

namespace TidyGan.Tests.Fuzzing;

/// <summary>
/// Checkpoints under fuzz: a real checkpoint of a tiny DC-GAN, its manifest or one weight/optimiser/RNG file
/// mutated. Half the time a mutated file's hash is written back into the manifest, so the loaders behind the
/// hash check see the damage; the manifest is also mutated as JSON (numbers set to extremes, file names
/// pointing elsewhere). Each input is loaded the two ways TidyGan loads checkpoints: for use
/// (<see cref="CheckpointLoader"/>) and to resume training (<see cref="Trainer.LoadCheckpoint"/>).
/// </summary>
internal static class FuzzCheckpoint
{
    private static readonly Lazy<(FuzzSeed Seed, Trainer Trainer)> State = new(() =>
    {
        var run = Path.Combine(Path.GetTempPath(), "tidygan-tests", "fuzz-checkpoint-" + Environment.ProcessId);
        var images = TinyData.Images();
        var gan = TinyData.Gan("dcgan");
        var trainer = new Trainer(gan, images, TinyData.Describe(images), TinyData.Options(1) with { CheckpointEvery = 1 }, run);
        var folder = trainer.Run().LastCheckpoint!;
        var files = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        return (new FuzzSeed("tiny DC-GAN checkpoint", files, Checkpoint.ManifestName, []), trainer);
    });

    public static FuzzTarget Target => new()
    {
        Name = "checkpoint",
        Seeds = [State.Value.Seed],
        Read = manifest =>
        {
            var folder = Path.GetDirectoryName(manifest)!;
            CheckpointLoader.Load<IImageGenerator>(folder).Dispose();
            State.Value.Trainer.LoadCheckpoint(folder);
        },
        AfterMutation = Resign,
    };

    private static readonly object?[] Extremes = [0, -1, 1L << 40, long.MaxValue, int.MinValue, 1e308, -1e-308, "../../outside.bin", "/etc/passwd", "", null];

    private static void Resign(Dictionary<string, byte[]> files, string mutated, Random random)
    {
        if (mutated == Checkpoint.ManifestName)
        {
            if (random.Next(2) == 0) files[mutated] = MutateJson(State.Value.Seed.Files[mutated], random);
            return;
        }
        // Known limitation (docs/reliability.md): TorchSharp's optimizer-state reader can hang on a damaged file, so
        // optimiser files are only fuzzed behind the SHA-256 check, which refuses every change to them first.
        if (random.Next(2) == 0 || mutated.StartsWith("optimizer_", StringComparison.Ordinal)) return;
        var manifest = JsonNode.Parse(files[Checkpoint.ManifestName])!;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(files[mutated]));
        manifest["files"]![mutated] = hash;
        files[Checkpoint.ManifestName] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    /// <summary>One to three leaves of the manifest (numbers, names, file keys) set to extremes.</summary>
    private static byte[] MutateJson(byte[] json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var leaves = new List<JsonNode>();
        Collect(root, leaves);
        for (int k = 0, n = 1 + random.Next(3); k < n; k++)
        {
            var leaf = leaves[random.Next(leaves.Count)];
            var value = Extremes[random.Next(Extremes.Length)];
            var parent = leaf.Parent!;
            var replacement = JsonValue.Create(value);
            if (parent is JsonObject o)
            {
                string key = leaf.GetPropertyName();
                if (parent.Parent is JsonObject && parent.GetPropertyName() == "files" && value is string s && random.Next(2) == 0)
                {
                    o.Remove(key);
                    o[s] = leaf.GetValue<string>();                 // a file entry renamed to point elsewhere
                }
                else o[key] = replacement;
            }
            else if (parent is JsonArray a) a[a.IndexOf(leaf)] = replacement;
        }
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode? node, List<JsonNode> leaves)
    {
        switch (node)
        {
            case JsonObject o: foreach (var (_, v) in o.ToList()) Collect(v, leaves); break;
            case JsonArray a: foreach (var v in a.ToList()) Collect(v, leaves); break;
            case JsonValue v when v.Parent is not null: leaves.Add(v); break;
        }
    }
}
