using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Tests.Training;

/// <summary>Tiny synthetic images and models for fast trainer tests.</summary>
internal static class TinyData
{
    public static readonly DcGanOptions Model = new(ImageSize: 28, Channels: 1, LatentDim: 8, GeneratorWidth: 8, DiscriminatorWidth: 8);

    public static ImageSet Images(int count = 64, int classes = 0, int seed = 1)
    {
        using var random = new torch.Generator((ulong)seed);
        var images = (torch.rand([count, 1, 28, 28], generator: random) * 2 - 1).DetachFromDisposeScope();
        var labels = classes > 0 ? torch.arange(count, dtype: torch.int64).remainder(classes).DetachFromDisposeScope() : null;
        return new ImageSet
        {
            Name = "tiny",
            Images = images,
            Labels = labels,
            ClassNames = Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray(),
            Intensity = new IdentityScaling(),
        };
    }

    public static DataDescription Describe(ImageSet images) => DataDescription.Of(images, images.Name);

    /// <summary>A tiny GAN whose initial weights depend only on <paramref name="seed"/>.</summary>
    public static IImageGenerator Gan(string kind, AdversarialLossKind loss = AdversarialLossKind.NonSaturating, int seed = 11, int criticSteps = 1)
    {
        torch.manual_seed(seed);
        return Create(kind, loss, criticSteps);
    }

    private static IImageGenerator Create(string kind, AdversarialLossKind loss, int criticSteps) => kind switch
    {
        "dcgan" when loss == AdversarialLossKind.WassersteinGp => new WganGp(WganGpConfig.For(Model) with { CriticSteps = criticSteps }),
        "dcgan" => new DcGan(new DcGanConfig(Model, loss, criticSteps)),
        "cgan" => new ConditionalGan(new ConditionalGanConfig(new ConditionalGanOptions(Model, 3), loss, criticSteps)),
        _ => throw new ArgumentException(kind),
    };

    public static TrainerOptions Options(long steps) => new()
    {
        Steps = steps, BatchSize = 16, LogEvery = 1, SampleEvery = 1000, CheckpointEvery = 1000, GridSamples = 4, Seed = 3,
    };
}
