using static TorchSharp.torch;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Hausdorff distances between the surfaces of two binary masks, in spacing units (mm), following
/// medpy.metric.binary.hd95 (medpy 0.4): the surface of a mask is the mask minus its binary erosion with
/// the face-connected (connectivity 1) structuring element and zero outside the array; distances go from
/// every surface voxel of A to the nearest surface voxel of B (exact Euclidean distance transform with
/// spacing) and from B to A; HD95 is numpy's linear 95th percentile of the union of both sets.
/// </summary>
/// <remarks>
/// MONAI's compute_hausdorff_distance(percentile=95) differs: it takes the larger of the two directed
/// 95th percentiles, which is ≥ the pooled one. medpy raises when a mask is empty; here an empty mask
/// gives NaN (no surface, so no distance), so loops over labels need no special case.
/// </remarks>
public static class HausdorffDistance
{
    /// <summary>Symmetric 95th-percentile Hausdorff distance (medpy hd95); 0 for identical masks.</summary>
    public static double Percentile95(bool[] reference, bool[] test, int[] shape, double[] spacing) =>
        Percentile(reference, test, shape, spacing, 95);

    /// <summary>Classical (maximum) symmetric Hausdorff distance between the surfaces (medpy hd).</summary>
    public static double Maximum(bool[] reference, bool[] test, int[] shape, double[] spacing) =>
        Percentile(reference, test, shape, spacing, 100);

    /// <summary>q-th percentile (0..100, numpy linear) of the pooled surface distances A→B and B→A.</summary>
    public static double Percentile(bool[] reference, bool[] test, int[] shape, double[] spacing, double q)
    {
        var distances = SurfaceDistances(reference, test, shape, spacing);
        if (distances.Length == 0) return double.NaN;
        Array.Sort(distances);
        double pos = q / 100.0 * (distances.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, distances.Length - 1);
        return distances[lo] + (distances[hi] - distances[lo]) * (pos - lo);
    }

    /// <summary>Boolean-like tensors of the same shape [rows, cols] or [slices, rows, cols]; spacing per axis in the same order.</summary>
    public static double Percentile95(Tensor reference, Tensor test, double[] spacing)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        var shape = MetricInputs.ShapeOf(reference);
        MetricInputs.CheckSameShape(shape, MetricInputs.ShapeOf(test), nameof(test));
        return Percentile95(MetricInputs.Bools(reference), MetricInputs.Bools(test), shape, spacing);
    }

    /// <summary>Distances A→B followed by B→A (medpy's hstack of both directed sets); empty if a mask is empty.</summary>
    public static double[] SurfaceDistances(bool[] reference, bool[] test, int[] shape, double[] spacing)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        MetricInputs.CheckShape(shape);
        MetricInputs.CheckLength(reference.Length, shape, nameof(reference));
        MetricInputs.CheckLength(test.Length, shape, nameof(test));
        MetricInputs.CheckSpacing(spacing, shape);
        var a = Surface(reference, shape);
        var b = Surface(test, shape);
        if (!a.Contains(true) || !b.Contains(true)) return [];
        var toA = DistanceTransform.Euclidean(a, shape, spacing);
        var toB = DistanceTransform.Euclidean(b, shape, spacing);
        var result = new List<double>();
        for (int i = 0; i < a.Length; i++) if (a[i]) result.Add(toB[i]);
        for (int i = 0; i < b.Length; i++) if (b[i]) result.Add(toA[i]);
        return [.. result];
    }

    /// <summary>mask XOR erosion(mask): inside voxels with a face neighbour outside the mask or outside the array.</summary>
    public static bool[] Surface(bool[] mask, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(mask);
        MetricInputs.CheckShape(shape);
        MetricInputs.CheckLength(mask.Length, shape, nameof(mask));
        var surface = new bool[mask.Length];
        var strides = new int[shape.Length];
        strides[^1] = 1;
        for (int a = shape.Length - 2; a >= 0; a--) strides[a] = strides[a + 1] * shape[a + 1];
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            for (int a = 0; a < shape.Length && !surface[i]; a++)
            {
                int coord = i / strides[a] % shape[a];
                surface[i] = coord == 0 || coord == shape[a] - 1 || !mask[i - strides[a]] || !mask[i + strides[a]];
            }
        }
        return surface;
    }
}
