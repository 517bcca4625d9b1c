using static TorchSharp.torch;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// MAE, RMSE, PSNR and SSIM of a test image (e.g. a synthetic CT) against a reference, in physical units,
/// inside an optional mask. Images are 2-D [rows, cols] or 3-D [slices, rows, cols], row-major.
/// </summary>
/// <remarks>
/// <para>Data range L (PSNR and SSIM): papers differ, so it is an argument and is echoed in the result.
/// Default: reference max − min inside the mask (scikit-image's rule for float images is "you must say").
/// For CT in HU pass the range of the scanner's values, e.g. 4095 for −1024…3071, to compare across papers.</para>
/// <para>PSNR = 20·log10(L / RMSE); identical images give RMSE 0 and PSNR = +∞
/// (<see cref="double.PositiveInfinity"/>), which callers should print as "inf", not average.</para>
/// <para>SSIM is slice-wise 2-D (see <see cref="StructuralSimilarity"/>): the SSIM map of every axial slice,
/// averaged over all masked pixels of all slices that lie at least 5 px from the slice edges.</para>
/// </remarks>
public static class IntensityMetrics
{
    public static IntensityComparison Compare(float[] reference, float[] test, int[] shape, bool[]? mask = null, double? dataRange = null)
    {
        MetricInputs.CheckPair(reference, test, shape, mask);
        MetricInputs.CheckFinite(reference, nameof(reference));
        MetricInputs.CheckFinite(test, nameof(test));

        // Double accumulation: float sums drift on multi-million-voxel volumes.
        double absSum = 0, sqSum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        long voxels = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            if (mask is not null && !mask[i]) continue;
            double r = reference[i], d = (double)test[i] - r;
            absSum += Math.Abs(d);
            sqSum += d * d;
            min = Math.Min(min, r);
            max = Math.Max(max, r);
            voxels++;
        }
        if (voxels == 0)
            throw new ArgumentException($"mask selects 0 of {mask!.Length} voxels (shape {MetricInputs.Format(shape)}): nothing to compare", nameof(mask));

        double range = dataRange ?? max - min;
        if (!(range > 0) || double.IsInfinity(range))
            throw new ArgumentException(dataRange is null
                ? $"the reference is constant ({min}) inside the mask, so its range is 0: pass dataRange"
                : $"dataRange must be positive and finite, got {range}", nameof(dataRange));

        double mae = absSum / voxels, rmse = Math.Sqrt(sqSum / voxels);
        double psnr = rmse == 0 ? double.PositiveInfinity : 20 * Math.Log10(range / rmse);
        var (ssim, ssimPixels) = StructuralSimilarity.Mean(reference, test, shape, mask, range);
        return new IntensityComparison(mae, rmse, psnr, ssim, voxels, ssimPixels, range);
    }

    /// <summary>Tensors of shape [rows, cols] or [slices, rows, cols] (any device, any real dtype); mask is boolean-like.</summary>
    public static IntensityComparison Compare(Tensor reference, Tensor test, Tensor? mask = null, double? dataRange = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        var shape = MetricInputs.ShapeOf(reference);
        MetricInputs.CheckShape(shape);
        MetricInputs.CheckSameShape(shape, MetricInputs.ShapeOf(test), nameof(test));
        if (mask is not null) MetricInputs.CheckSameShape(shape, MetricInputs.ShapeOf(mask), nameof(mask));
        return Compare(MetricInputs.Floats(reference), MetricInputs.Floats(test), shape,
            mask is null ? null : MetricInputs.Bools(mask), dataRange);
    }
}
