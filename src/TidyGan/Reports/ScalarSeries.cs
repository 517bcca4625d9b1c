namespace TidyGan.Reports;

/// <summary>One logged scalar (e.g. "loss/discriminator") as (step, value) points in step order.</summary>
public sealed record ScalarSeries(string Name, IReadOnlyList<(long Step, double Value)> Points)
{
    /// <summary>The last point, or null for an empty series.</summary>
    public (long Step, double Value)? Last => Points.Count == 0 ? null : Points[^1];

    /// <summary>Mean of the last <paramref name="count"/> finite values (NaN if none): a steadier "final" value.</summary>
    public double TailMean(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var tail = Points.Skip(Math.Max(0, Points.Count - count)).Select(p => p.Value).Where(double.IsFinite).ToList();
        return tail.Count == 0 ? double.NaN : tail.Average();
    }
}
