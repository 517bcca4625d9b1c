namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Wilson's score interval for a binomial proportion (Wilson 1927; method 3 of Newcombe 1998, without continuity
/// correction): the set of p not rejected by the score test. Unlike the Wald interval p̂ ± z·√(p̂(1−p̂)/n) it stays
/// inside [0, 1] and keeps near-nominal coverage at small n and at 0 or n successes, the usual case for a reader
/// study with 20–100 images per rater.
/// </summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval, Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959964;

    /// <summary>
    /// The interval (centre ± half-width)/(n + z²) with centre k + z²/2 and half-width z·√(k(n−k)/n + z²/4).
    /// n = 0 gives [0, 1]: no data rules nothing out.
    /// </summary>
    public static (double Lower, double Upper) Interval(int k, int n, double z = Z95)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentException($"Wilson interval: need 0 ≤ k ≤ n, got k = {k}, n = {n}.");
        if (!(z > 0) || double.IsInfinity(z)) throw new ArgumentException($"Wilson interval: z must be positive and finite, got {z}.", nameof(z));
        if (n == 0) return (0, 1);
        double z2 = z * z;
        double centre = (k + z2 / 2) / (n + z2);
        double half = z / (n + z2) * Math.Sqrt((double)k * (n - k) / n + z2 / 4);
        // At k = 0 (k = n) the bound is exactly 0 (1); clamp so rounding cannot leave it at ±1e-17.
        return (k == 0 ? 0 : Math.Max(0, centre - half), k == n ? 1 : Math.Min(1, centre + half));
    }
}
