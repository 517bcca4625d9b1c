using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Data;

/// <summary>
/// Axial slices of one volume on the network's grid, with their label maps: images float32 [N, 1, S, S] in [−1, 1],
/// labels int64 [N, S, S] (or null), the slice index of each, and where the grid sits in the volume's slices
/// (so a prediction can be resampled back onto the volume's own voxels). Slices of a cohort also name the subject each
/// came from (<see cref="Subjects"/>).
/// </summary>
public sealed class LabelledSlices : IDisposable
{
    public required string Domain { get; init; }
    public required Tensor Images { get; init; }
    public Tensor? Labels { get; init; }
    public required int[] SliceIndices { get; init; }
    public required SliceGrid Grid { get; init; }

    /// <summary>For slices of a cohort, the subject of each slice (null for a single volume).</summary>
    public string[]? Subjects { get; init; }

    public int Count => (int)Images.shape[0];

    /// <summary>The images and labels as the trainer's data set (labels are per-pixel maps [N, S, S]).</summary>
    public ImageSet ToImageSet() => new()
    {
        Name = Domain,
        Images = Images.alias(),
        Labels = Labels?.alias(),
        ClassNames = [],
        Intensity = new PercentileScaling(-1, 1, UnitName: "normalised"),
    };

    /// <summary>
    /// Cuts <paramref name="slices"/> out of <paramref name="volume"/>: a square field of view of <paramref name="fieldOfViewMm"/>
    /// centred on the head box of <paramref name="centreSlices"/>, sampled at 1 mm-ish then shrunk to <paramref name="size"/> px
    /// (antialiased). Labels (0 … <paramref name="classes"/> − 1) are shrunk the same way as per-class area fractions and
    /// take the majority class.
    /// </summary>
    public static LabelledSlices Build(string domain, Volume volume, bool[] head, int[]? labels, IReadOnlyList<int> slices,
        IReadOnlyList<int> centreSlices, double fieldOfViewMm, int size, SliceNormalisation normalisation, float background,
        int classes = HeadLabels.Count)
    {
        if (slices.Count == 0) throw new ArgumentException($"{domain}: no slices selected");
        const SliceAxis axis = SliceAxis.Axial;
        var headVolume = volume.WithVoxels(head.Select(m => m ? 1f : 0f).ToArray());
        var labelVolume = labels is null ? null : volume.WithVoxels(labels.Select(l => (float)l).ToArray());
        var grid = SliceGrid.Centred(volume, headVolume, centreSlices, fieldOfViewMm, size);
        int fine = grid.FineSide, n = slices.Count;
        var images = new float[(long)n * fine * fine];
        var fractions = labels is null ? null : new float[(long)n * classes * fine * fine];
        for (int i = 0; i < n; i++)
        {
            var image = grid.Sample(VolumeSlicer.Slice(volume, axis, slices[i], out _, out _), background);
            var inside = grid.Sample(VolumeSlicer.Slice(headVolume, axis, slices[i], out _, out _), 0).Select(v => v >= 0.5f).ToArray();
            normalisation.Apply(image, inside);
            image.CopyTo(images, (long)i * fine * fine);
            if (labelVolume is null || fractions is null) continue;
            var l = VolumeSlicer.Slice(labelVolume, axis, slices[i], out _, out _);
            for (int c = 0; c < classes; c++)
            {
                var indicator = l.Select(v => (int)MathF.Round(v) == c ? 1f : 0f).ToArray();
                grid.Sample(indicator, c == HeadLabels.Background ? 1f : 0f).CopyTo(fractions, ((long)i * classes + c) * fine * fine);
            }
        }
        using var scope = NewDisposeScope();
        var imageTensor = Resample.Resize(tensor(images, [n, 1, fine, fine]), size, size, antialias: true).clamp(-1, 1).contiguous();
        Tensor? labelTensor = null;
        if (fractions is not null)
            labelTensor = Resample.Resize(tensor(fractions, [n, classes, fine, fine]), size, size, antialias: true).argmax(1).contiguous();
        return new LabelledSlices
        {
            Domain = domain,
            Images = imageTensor.MoveToOuterDisposeScope(),
            Labels = labelTensor?.MoveToOuterDisposeScope(),
            SliceIndices = [.. slices],
            Grid = grid,
        };
    }

    /// <summary>
    /// One volume prepared as a segmenter sees it, for training and for prediction alike: CT (<paramref name="ct"/>, or when null
    /// <see cref="Datasets.LooksLikeCt"/>) → head = HU &gt; <see cref="CtBrainMask.HeadThresholdHu"/>, the fixed HU window; MR →
    /// head = above 10% of the 0.5…99.5th percentile window (as mr-head), per-slice percentile normalisation. The slices with at
    /// least <paramref name="minHeadFraction"/> of the largest head area are cut on a grid centred on their head box (<see cref="Build"/>).
    /// </summary>
    public static LabelledSlices Prepare(string domain, Volume volume, int[]? labels, double fieldOfViewMm, int size,
        double minHeadFraction, bool? ct = null, int classes = HeadLabels.Count)
    {
        if (volume.Shape.Length == 4) volume = volume.Frame(0);
        bool isCt = ct ?? Datasets.LooksLikeCt(volume);
        float threshold, background;
        if (isCt) (threshold, background) = (CtBrainMask.HeadThresholdHu, -1024f);
        else
        {
            var window = PercentileScaling.Fit(volume.Voxels);
            (threshold, background) = ((float)(window.Lower + 0.1 * (window.Upper - window.Lower)), (float)window.Lower);
        }
        var head = HeadMask.Compute(volume, threshold);
        var slices = HeadSlices(volume, head, minHeadFraction);
        if (slices.Length == 0) throw new UserException($"{volume.Source}: no head found (no voxel above {threshold})");
        return Build(domain, volume, head, labels, slices, slices, fieldOfViewMm, size,
            isCt ? SliceNormalisation.Ct : SliceNormalisation.Mr, background, classes);
    }

    /// <summary>
    /// Several subjects' slices as one set (images, labels when every part has them, slice indices and <see cref="Subjects"/>
    /// in order). Each subject keeps its own grid; the set's <see cref="Grid"/> is the first's (the network pixel size,
    /// FieldOfViewMm / Size, is the same for all up to the rounding of the fine grid).
    /// </summary>
    public static LabelledSlices Concat(string domain, IReadOnlyList<(string Subject, LabelledSlices Slices)> parts)
    {
        if (parts.Count == 0) throw new ArgumentException($"{domain}: no slices to concatenate");
        bool labelled = parts.All(p => p.Slices.Labels is not null);
        using var scope = NewDisposeScope();
        var images = cat(parts.Select(p => p.Slices.Images).ToList(), 0).contiguous();
        var labels = labelled ? cat(parts.Select(p => p.Slices.Labels!).ToList(), 0).contiguous() : null;
        return new LabelledSlices
        {
            Domain = domain,
            Images = images.MoveToOuterDisposeScope(),
            Labels = labels?.MoveToOuterDisposeScope(),
            SliceIndices = [.. parts.SelectMany(p => p.Slices.SliceIndices)],
            Grid = parts[0].Slices.Grid,
            Subjects = [.. parts.SelectMany(p => Enumerable.Repeat(p.Subject, p.Slices.Count))],
        };
    }

    /// <summary>Slices with at least <paramref name="minFraction"/> of the largest slice's head area, in order.</summary>
    public static int[] HeadSlices(Volume volume, bool[] head, double minFraction)
    {
        var headVolume = volume.WithVoxels(head.Select(m => m ? 1f : 0f).ToArray());
        int count = VolumeSlicer.SliceCount(volume, SliceAxis.Axial);
        var (area, _, _, _) = VolumeSliceSet.HeadBoxes(headVolume, SliceAxis.Axial, count);
        int max = area.Max();
        return Enumerable.Range(0, count).Where(k => area[k] > 0 && area[k] >= minFraction * max).ToArray();
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}

/// <summary>
/// The network's square grid inside a volume's axial slices: centre (cy, cx) in slice pixels, the slices'
/// spacing, the fine sampling (the finer in-plane spacing) and the network pixel size (FieldOfViewMm / Size).
/// </summary>
public sealed record SliceGrid(int Height, int Width, double RowSpacing, double ColumnSpacing, double CentreRow, double CentreColumn,
    double FineSpacing, int FineSide, int Size)
{
    public double PixelMm => FineSide * FineSpacing / Size;

    public static SliceGrid Centred(Volume volume, Volume headVolume, IReadOnlyList<int> centreSlices, double fieldOfViewMm, int size)
    {
        const SliceAxis axis = SliceAxis.Axial;
        var geometry = VolumeSlicer.Geometry(volume, axis);
        int count = VolumeSlicer.SliceCount(volume, axis);
        var (_, boxes, h, w) = VolumeSliceSet.HeadBoxes(headVolume, axis, count);
        var selected = new bool[count];
        foreach (var k in centreSlices) selected[k] = true;
        var (top, bottom, left, right) = VolumeSliceSet.Union(boxes, selected);
        if (bottom < 0) throw new UserException($"{volume.Source}: no head in the selected slices");
        double fine = Math.Min(geometry.RowSpacing, geometry.ColumnSpacing);
        int side = Math.Max(size, (int)Math.Ceiling(fieldOfViewMm / fine));
        return new SliceGrid(h, w, geometry.RowSpacing, geometry.ColumnSpacing, (top + bottom) / 2.0, (left + right) / 2.0, fine, side, size);
    }

    /// <summary>A slice sampled on the fine square grid (bilinear; <paramref name="fill"/> outside the slice).</summary>
    public float[] Sample(float[] slice, float fill) =>
        VolumeSliceSet.SampleSquare(slice, Height, Width, RowSpacing, ColumnSpacing, CentreRow, CentreColumn, FineSpacing, FineSide, fill);

    /// <summary>Network pixel coordinates (row, column; pixel centres at integers) of slice pixel (y, x).</summary>
    public (double Row, double Column) ToNetwork(int y, int x)
    {
        double c = (Size - 1) / 2.0;
        return (c + (y - CentreRow) * RowSpacing / PixelMm, c + (x - CentreColumn) * ColumnSpacing / PixelMm);
    }
}
