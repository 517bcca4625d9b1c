using TorchSharp;

namespace TidyGan.Metrics.Features;

/// <summary>
/// Maps images to feature vectors for distribution metrics (Fréchet distance, KID, precision/recall). Scores
/// are only comparable when computed with the same <see cref="Name"/> and <see cref="Version"/>: print both
/// with every score. The version covers everything that changes the features (weights, resize, preprocessing).
/// Extractors are inference-only: there is no training mode to forget to switch off.
/// </summary>
public interface IFeatureExtractor : IDisposable
{
    /// <summary>Stable name, e.g. "pixels", "resnet18-imagenet", "domain:fashion-mnist".</summary>
    string Name { get; }

    /// <summary>What exactly computes the features (a hash of the weights plus the preprocessing spec).</summary>
    string Version { get; }

    /// <summary>Length D of a feature vector; 0 when it depends on the input size (<see cref="PixelFeatures"/>).</summary>
    int Dimension { get; }

    /// <summary>
    /// Features of float [N, C, H, W] images in [−1, 1] as a CPU float64 [N, D] tensor (the caller disposes it).
    /// <paramref name="progress"/> receives the number of images done so far.
    /// </summary>
    torch.Tensor Extract(torch.Tensor images, IProgress<int>? progress = null);
}
