using static TorchSharp.torch;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Shared checks and tensor conversion for the image metrics. Arrays are row-major (C order, as a
/// tensor's memory): a 2-D slice is [rows, cols], a 3-D volume is [slices, rows, cols] with axial slices
/// along the first axis. A <see cref="Data.Volume"/> (x fastest) is the same memory read as [Z, Y, X].
/// </summary>
internal static class MetricInputs
{
    public static string Format(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    public static long Count(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }

    /// <summary>A reference/test pair (and optional mask) that all fit <paramref name="shape"/>.</summary>
    public static void CheckPair(float[] reference, float[] test, int[] shape, bool[]? mask)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        CheckShape(shape);
        CheckLength(reference.Length, shape, nameof(reference));
        CheckLength(test.Length, shape, nameof(test));
        if (mask is not null) CheckLength(mask.Length, shape, nameof(mask));
    }

    public static void CheckShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is < 2 or > 3 || shape.Any(s => s <= 0))
            throw new ArgumentException($"shape {Format(shape)}: expected a 2-D slice [rows, cols] or a 3-D volume [slices, rows, cols] with positive sizes", nameof(shape));
    }

    public static void CheckSpacing(double[] spacing, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(spacing);
        if (spacing.Length != shape.Length || spacing.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentException($"spacing [{string.Join(", ", spacing)}] must have {shape.Length} positive finite entries, one per axis of shape {Format(shape)}", nameof(spacing));
    }

    public static void CheckLength(int length, int[] shape, string what)
    {
        if (length != Count(shape))
            throw new ArgumentException($"{what} has {length} values but shape {Format(shape)} needs {Count(shape)}", what);
    }

    public static void CheckSameShape(IReadOnlyList<int> reference, IReadOnlyList<int> other, string what)
    {
        if (!reference.SequenceEqual(other))
            throw new ArgumentException($"{what} has shape {Format(other)} ({Count(other)} voxels) but reference has shape {Format(reference)} ({Count(reference)} voxels)", what);
    }

    /// <summary>NaN/infinity would silently poison every mean: refuse them, naming how many and where.</summary>
    public static void CheckFinite(float[] values, string what)
    {
        int bad = 0, first = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            if (bad++ == 0) first = i;
        }
        if (bad > 0)
            throw new ArgumentException($"{what} has {bad} NaN or infinite value(s) of {values.Length} (first at flat index {first}, value {values[first]})", what);
    }

    public static int[] ShapeOf(Tensor t) => t.shape.Select(s => checked((int)s)).ToArray();

    public static float[] Floats(Tensor t)
    {
        using var c = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return c.data<float>().ToArray();
    }

    public static bool[] Bools(Tensor t)
    {
        using var c = t.detach().cpu().to_type(ScalarType.Bool).contiguous();
        return c.data<bool>().ToArray();
    }

    public static int[] Ints(Tensor t)
    {
        using var c = t.detach().cpu().to_type(ScalarType.Int32).contiguous();
        return c.data<int>().ToArray();
    }
}
