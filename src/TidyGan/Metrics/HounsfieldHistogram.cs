namespace TidyGan.Metrics;

/// <summary>Share of voxels per tissue class, by HU range.</summary>
/// <param name="Air">&lt; −200 HU (air, sinuses, lungs).</param>
/// <param name="Fat">−200 … −30 HU.</param>
/// <param name="SoftTissue">−30 … 300 HU (brain, muscle, blood, CSF).</param>
/// <param name="Bone">≥ 300 HU (cortical and most trabecular bone).</param>
public sealed record TissueFractions(double Air, double Fat, double SoftTissue, double Bone);

/// <summary>
/// Intensity realism of synthetic CT without paired ground truth: compare HU value distributions inside the
/// head. Wasserstein-1 is the mean absolute difference between matched quantiles, in HU (the area between
/// the two CDFs; scipy.stats.wasserstein_distance).
/// </summary>
public static class HounsfieldHistogram
{
    public const double AirBelow = -200, FatBelow = -30, SoftTissueBelow = 300;

    /// <summary>Exact W1 between the empirical distributions of two samples: ∫|F(x) − G(x)| dx.</summary>
    public static double Wasserstein1(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length == 0 || b.Length == 0) throw new ArgumentException("Wasserstein-1 needs two non-empty samples");
        var x = a.ToArray();
        var y = b.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0, j = 0;
        double total = 0, previous = Math.Min(x[0], y[0]);
        while (i < x.Length || j < y.Length)
        {
            double next = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            total += Math.Abs((double)i / x.Length - (double)j / y.Length) * (next - previous);
            while (i < x.Length && x[i] == next) i++;
            while (j < y.Length && y[j] == next) j++;
            previous = next;
        }
        return total;
    }

    public static TissueFractions Fractions(ReadOnlySpan<float> hu)
    {
        if (hu.Length == 0) throw new ArgumentException("tissue fractions need at least one voxel");
        long air = 0, fat = 0, soft = 0, bone = 0;
        foreach (var v in hu)
        {
            if (v < AirBelow) air++;
            else if (v < FatBelow) fat++;
            else if (v < SoftTissueBelow) soft++;
            else bone++;
        }
        double n = hu.Length;
        return new TissueFractions(air / n, fat / n, soft / n, bone / n);
    }
}
