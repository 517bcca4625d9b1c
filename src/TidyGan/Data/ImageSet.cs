using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// What the trainer consumes: CPU float32 images [N, C, H, W] in [−1, 1], optional int64 labels [N], the
/// mapping back to physical units, and (for slices of a volume) where the slices sit in the world. The images are
/// either in memory (<see cref="Images"/>) or on disk (<see cref="Files"/>: a cohort's slice cache), read batch by
/// batch through <see cref="Gather"/>, so training on a cohort of any size keeps the memory of one batch.
/// </summary>
public sealed class ImageSet : IDisposable
{
    private torch.Tensor? images;

    public required string Name { get; init; }

    /// <summary>float32 [N, C, H, W] in [−1, 1], CPU. For a set on disk, the first use reads every slice into memory
    /// (fine for evaluation; training reads batches through <see cref="Gather"/> instead).</summary>
    public torch.Tensor Images
    {
        get => images ??= Files?.ReadAll() ?? throw new InvalidOperationException($"image set '{Name}' has neither images nor files");
        init => images = value;
    }

    /// <summary>The slices on disk (a cohort's slice cache entries), or null when the images are only in memory.</summary>
    public SliceFiles? Files { get; init; }

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

    public int Count => (int)(images?.shape[0] ?? Files!.Count);
    public int Channels => (int)(images?.shape[1] ?? Files!.SliceShape[0]);
    public int Height => (int)(images?.shape[2] ?? Files!.SliceShape[1]);
    public int Width => (int)(images?.shape[3] ?? Files!.SliceShape[2]);
    public int ClassCount => ClassNames.Count;

    /// <summary>The images at <paramref name="indices"/> (int64 [n]) as a new tensor [n, C, H, W]: from memory when
    /// loaded, else read from the files (the same values either way).</summary>
    public torch.Tensor Gather(torch.Tensor indices) =>
        images is not null || Files is null ? Images.index_select(0, indices) : Files.Gather(indices.data<long>().ToArray());

    public void Dispose()
    {
        images?.Dispose();
        Files?.Dispose();
        Labels?.Dispose();
    }
}
