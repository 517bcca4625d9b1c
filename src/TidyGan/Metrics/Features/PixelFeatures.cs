using TidyGan.Data;
using static TorchSharp.torch;

namespace TidyGan.Metrics.Features;

/// <summary>
/// Raw pixels as features, for tiny images and tests. Images larger than <see cref="MaxSide"/> on their longer
/// side are first shrunk (bilinear, antialiased, align_corners = false; aspect ratio kept, each side rounded,
/// at least 1) so the dimension stays manageable: a 28×28 image stays 784-d, a 64×64 one becomes 32×32 = 1024-d
/// per channel. Values stay in [−1, 1], flattened channel-major (C, H, W).
/// </summary>
public sealed class PixelFeatures : IFeatureExtractor
{
    public const string ExtractorName = "pixels";

    public PixelFeatures(int maxSide = 32)
    {
        if (maxSide < 1) throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, "Must be at least 1.");
        MaxSide = maxSide;
    }

    /// <summary>Longest side kept; larger images are shrunk to it.</summary>
    public int MaxSide { get; }

    public string Name => ExtractorName;

    public string Version => $"1/max{MaxSide}-bilinear-antialias";

    /// <summary>0: the dimension is C·H'·W' of the input (see <see cref="DimensionFor"/>).</summary>
    public int Dimension => 0;

    /// <summary>Feature length for images of this shape.</summary>
    public int DimensionFor(int channels, int height, int width)
    {
        var (h, w) = OutputSize(height, width);
        return channels * h * w;
    }

    public Tensor Extract(Tensor images, IProgress<int>? progress = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"Expected images [N, C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var (h, w) = OutputSize((int)images.shape[2], (int)images.shape[3]);
        var x = images.cpu().to(float32);
        if (h != images.shape[2] || w != images.shape[3]) x = Resample.Resize(x, h, w, antialias: true);
        var features = x.reshape(images.shape[0], -1).to(float64).contiguous();
        progress?.Report((int)images.shape[0]);
        return features.MoveToOuterDisposeScope();
    }

    private (int Height, int Width) OutputSize(int height, int width)
    {
        int longer = Math.Max(height, width);
        if (longer <= MaxSide) return (height, width);
        double scale = (double)MaxSide / longer;
        return (Math.Max(1, (int)Math.Round(height * scale)), Math.Max(1, (int)Math.Round(width * scale)));
    }

    public void Dispose() { }
}
