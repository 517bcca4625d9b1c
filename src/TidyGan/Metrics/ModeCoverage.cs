namespace TidyGan.Metrics;

/// <summary>
/// Mode-collapse metrics of VEEGAN (Srivastava 2017, §5.1) and PacGAN (Lin 2018, §4.1) for mixtures
/// of isotropic Gaussians. A generated point is <b>high quality</b> when it lies within
/// <see cref="Threshold"/> (3) standard deviations of its nearest mode; a mode is <b>recovered</b> when at
/// least <see cref="MinimumCount"/> high-quality points have it as nearest mode (VEEGAN: one). The mode
/// histogram (high-quality points per mode, normalised) is compared with the uniform distribution by
/// KL(histogram ‖ uniform) in nats: 0 for perfectly balanced modes, ln K when all points sit on one mode.
/// </summary>
public sealed record ModeCoverage(int ModesRecovered, double HighQualityFraction, double KlToUniform, IReadOnlyList<int> Counts, int Points)
{
    public const double Threshold = 3.0;
    public const int MinimumCount = 1;

    /// <summary>Scores <paramref name="points"/> (rows x, y) against the mixture's means and σ.</summary>
    public static ModeCoverage Compute(ReadOnlySpan<float> points, IReadOnlyList<(double X, double Y)> means, double standardDeviation,
        double threshold = Threshold, int minimumCount = MinimumCount)
    {
        if (points.Length % 2 != 0) throw new ArgumentException($"points must be (x, y) pairs; got {points.Length} values");
        if (means.Count == 0) throw new ArgumentException("a mixture needs at least one mode");
        if (standardDeviation <= 0) throw new ArgumentException($"standard deviation must be positive (got {standardDeviation})");
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        int n = points.Length / 2;
        var counts = new int[means.Count];
        double limit = threshold * standardDeviation;
        for (int i = 0; i < n; i++)
        {
            double x = points[2 * i], y = points[2 * i + 1];
            int nearest = -1;
            double best = double.PositiveInfinity;
            for (int k = 0; k < means.Count; k++)
            {
                double dx = x - means[k].X, dy = y - means[k].Y, d = dx * dx + dy * dy;
                if (d < best) { best = d; nearest = k; }
            }
            if (Math.Sqrt(best) < limit) counts[nearest]++;   // PacGAN's code: strictly within 3σ
        }
        int good = counts.Sum();
        return new ModeCoverage(counts.Count(c => c >= minimumCount), n == 0 ? 0 : (double)good / n, KlToUniformOf(counts), counts, n);
    }

    /// <summary>KL(p ‖ uniform) = Σ p_k ln(K p_k) of the normalised counts; NaN when all counts are 0.</summary>
    public static double KlToUniformOf(IReadOnlyList<int> counts)
    {
        double total = counts.Sum();
        if (total == 0) return double.NaN;
        double kl = 0;
        foreach (var c in counts)
            if (c > 0) kl += c / total * Math.Log(counts.Count * c / total);
        return kl;
    }
}
