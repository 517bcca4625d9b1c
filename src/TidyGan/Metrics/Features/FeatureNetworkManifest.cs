namespace TidyGan.Metrics.Features;

/// <summary>
/// manifest.json of a trained domain feature network (<see cref="DomainFeatures"/>): what it was trained on,
/// how well it classifies the test split, and the SHA-256 of its weights file, so a score names exactly the
/// network that produced it. Task: "classes" (the dataset's labels) or "axial-position" (self-supervised
/// slice level, <see cref="SlicePositionTask"/>); AugmentedCopies: augmented copies of the training images
/// per epoch (0 = none). Both are optional in the file (older manifests lack them: "classes", 0).
/// </summary>
public sealed record FeatureNetworkManifest(
    string Format,
    string Dataset,
    int ImageSize,
    int Channels,
    int Classes,
    IReadOnlyList<string> ClassNames,
    int Width,
    int FeatureDimension,
    int TrainCount,
    int TestCount,
    int Epochs,
    int Seed,
    double TestAccuracy,
    string WeightsFile,
    string WeightsSha256,
    string? Task = null,
    int AugmentedCopies = 0)
{
    /// <summary>The only format this version reads and writes.</summary>
    public const string CurrentFormat = "tidygan-features/1";
}
