namespace TidyGan.Data;

/// <summary>
/// MR (or any arbitrary-unit image): the robust range [P(LowerPercentile), P(UpperPercentile)] of the
/// values → [−1, 1], clamped. The fitted percentiles are kept in <see cref="LinearWindow.Lower"/>/<see cref="LinearWindow.Upper"/>
/// so generated images map back to the original units.
/// </summary>
public sealed record PercentileScaling(double Lower, double Upper, double LowerPercentile = 0.5, double UpperPercentile = 99.5, string UnitName = "a.u.")
    : LinearWindow(Lower, Upper)
{
    public override string Unit => UnitName;

    /// <summary>Fit the window to data (numpy's linear percentile). Degenerate data get a unit-wide window.</summary>
    public static PercentileScaling Fit(ReadOnlySpan<float> values, double lowerPercentile = 0.5, double upperPercentile = 99.5, string unit = "a.u.")
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double lo = VoxelStatistics.PercentileOfSorted(sorted, lowerPercentile);
        double hi = VoxelStatistics.PercentileOfSorted(sorted, upperPercentile);
        if (!(hi > lo)) hi = lo + 1;
        return new PercentileScaling(lo, hi, lowerPercentile, upperPercentile, unit);
    }
}
