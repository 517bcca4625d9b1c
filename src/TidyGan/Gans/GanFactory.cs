using System.Text.Json;
using TidyGan.Nn;
using TidyGan.Training;

namespace TidyGan.Gans;

/// <summary>Rebuilds a GAN from what a checkpoint recorded (its kind and resolved options).</summary>
public static class GanFactory
{
    public static IReadOnlyList<string> Kinds { get; } = ["dcgan", "cgan", "cyclegan"];

    public static IGan FromManifest(CheckpointManifest manifest, string source)
    {
        try
        {
            return manifest.Kind switch
            {
                "dcgan" => Create(manifest.ModelOptions.Deserialize<GanOptions<DcGanOptions>>(Checkpoint.Json)),
                "cgan" => Create(manifest.ModelOptions.Deserialize<GanOptions<ConditionalGanOptions>>(Checkpoint.Json)),
                "cyclegan" => new CycleGan(manifest.ModelOptions.Deserialize<CycleGanConfig>(Checkpoint.Json) ?? throw new ArgumentException("missing model options")),
                _ => throw new CheckpointException(source, $"unknown model kind '{manifest.Kind}' (known: {string.Join(", ", Kinds)})"),
            };
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NullReferenceException)
        {
            throw new CheckpointException(source, $"model options cannot be read: {e.Message}");
        }
    }

    public static IGan Create(GanOptions<DcGanOptions>? options) =>
        options is null ? throw new ArgumentException("missing model options") : new DcGan(options.Model, options.Loss, options.GradientPenaltyWeight);

    public static IGan Create(GanOptions<ConditionalGanOptions>? options) =>
        options is null ? throw new ArgumentException("missing model options") : new ConditionalGan(options.Model, options.Loss, options.GradientPenaltyWeight);
}
