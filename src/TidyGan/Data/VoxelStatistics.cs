namespace TidyGan.Data;

/// <summary>Min/max/mean with double accumulation (float sums drift on 7M-voxel volumes).</summary>
public static class VoxelStatistics
{
    public static (double Min, double Max, double Mean) Of(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return (double.NaN, double.NaN, double.NaN);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (float v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
        }
        return (min, max, sum / values.Length);
    }

    public static double PercentileOfSorted(float[] sorted, double q)
    {
        double pos = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - (double)sorted[lo]) * frac;
    }
}
