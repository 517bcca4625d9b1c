using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// What the trainer consumes: CPU float32 images [N, C, H, W] in [−1, 1], optional int64 labels [N], the
/// mapping back to physical units, and (for slices of a volume) where the slices sit in the world.
/// </summary>
public sealed class ImageSet : IDisposable
{
    public required string Name { get; init; }

    /// <summary>float32 [N, C, H, W] in [−1, 1], CPU.</summary>
    public required torch.Tensor Images { get; init; }

    /// <summary>int64 [N], or null when unlabelled.</summary>
    public torch.Tensor? Labels { get; init; }

    /// <summary>Class names indexed by label; empty when unlabelled.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Back to physical units (HU for CT).</summary>
    public required IIntensityMapping Intensity { get; init; }

    /// <summary>Pixel and slice spacing and orientation of volume slices (null for photographs).</summary>
    public SliceGeometry? Geometry { get; init; }

    /// <summary>For a cohort: which subjects lie in which split and which split these slices come from; null otherwise.</summary>
    public CohortSplit? Subjects { get; init; }

    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];
    public int ClassCount => ClassNames.Count;

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
