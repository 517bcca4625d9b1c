using TidyGan.Data;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// The image metrics on <see cref="Volume"/>s (e.g. a synthetic CT written back as NIfTI vs the real one).
/// A volume's voxels (x fastest) are read, without copying, as a row-major [z, y, x] array, so SSIM runs
/// on axial slices and distances use the spacing (z, y, x) of the reference.
/// </summary>
public static class VolumeMetrics
{
    /// <summary>MAE/RMSE/PSNR/SSIM in the volumes' units (HU for CT); mask voxels ≠ 0 are inside.</summary>
    public static IntensityComparison Intensity(Volume reference, Volume test, Volume? mask = null, double? dataRange = null)
    {
        var shape = RowMajorShape(reference, nameof(reference));
        MetricInputs.CheckSameShape(shape, RowMajorShape(test, nameof(test)), nameof(test));
        if (mask is not null) MetricInputs.CheckSameShape(shape, RowMajorShape(mask, nameof(mask)), nameof(mask));
        return IntensityMetrics.Compare(reference.Voxels, test.Voxels, shape, mask is null ? null : Inside(mask.Voxels), dataRange);
    }

    /// <summary>Dice of every label (voxel values rounded to integers) present in either label volume.</summary>
    public static IReadOnlyDictionary<int, double> DicePerLabel(Volume reference, Volume test, bool includeBackground = false)
    {
        var shape = RowMajorShape(reference, nameof(reference));
        MetricInputs.CheckSameShape(shape, RowMajorShape(test, nameof(test)), nameof(test));
        return OverlapMetrics.DicePerLabel(Labels(reference.Voxels), Labels(test.Voxels), includeBackground);
    }

    /// <summary>medpy-style HD95 in mm of one label of two label volumes (label 1 of a 0/1 mask); NaN if either lacks it.</summary>
    public static double HausdorffPercentile95(Volume reference, Volume test, int label = 1)
    {
        var shape = RowMajorShape(reference, nameof(reference));
        MetricInputs.CheckSameShape(shape, RowMajorShape(test, nameof(test)), nameof(test));
        double[] spacing = [reference.Spacing[2], reference.Spacing[1], reference.Spacing[0]];
        return HausdorffDistance.Percentile95(Is(reference.Voxels, label), Is(test.Voxels, label), shape, spacing);
    }

    private static int[] RowMajorShape(Volume v, string what)
    {
        ArgumentNullException.ThrowIfNull(v, what);
        if (v.Frames != 1)
            throw new ArgumentException($"{what} has {v.Frames} frames (shape {MetricInputs.Format(v.Shape)}): pass one frame, e.g. Frame(0)", what);
        return [v.SizeZ, v.SizeY, v.SizeX];
    }

    private static bool[] Inside(float[] v) => Array.ConvertAll(v, x => x != 0);

    private static int[] Labels(float[] v) => Array.ConvertAll(v, x => (int)MathF.Round(x));

    private static bool[] Is(float[] v, int label) => Array.ConvertAll(v, x => (int)MathF.Round(x) == label);
}
