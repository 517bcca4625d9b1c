namespace TidyGan.Metrics;

/// <summary>
/// A metric's value on the full sets with a normal interval from the spread of half-sample recomputations.
/// <paramref name="StandardError"/> estimates the standard deviation of the metric at the full n.
/// </summary>
public sealed record SubsamplingInterval(double Value, double Low, double High, double StandardError, int Subsets,
                                        int SubsetReal, int SubsetFake, double Level);

/// <summary>
/// Confidence intervals for FD and PRDC by subsampling without replacement (Politis &amp; Romano 1994), in
/// the form of the delete-d jackknife (Shao &amp; Wu 1989): recompute the metric on B random subsets of
/// m = fraction·n real and fake rows (no row repeats, so no zero-distance duplicates and no shrunken
/// covariances, the two ways the naive bootstrap breaks these metrics), and estimate
/// Var(θ̂ₙ) ≈ m/(n − m) · (sample variance of the θ̂ₘ). The factor m/(n − m), not m/n, is the finite
/// population correction: subsets of the same sample share rows, so they vary less than independent
/// samples of size m. With the default fraction ½ it is 1. The interval is θ̂ₙ ± z·SE.
/// <para>What it covers: E[θ̂ₙ], the metric's expectation at this n, which is what a comparison at equal n
/// needs. FD carries an O(1/n) bias, so the population FD is covered only when that bias is small beside
/// the standard error (low dimension, large n; docs/evaluation.md gives measured coverage). At a true
/// FD of 0 the estimator converges at rate 1/n rather than 1/√n; the √-rate scaling then overstates the
/// spread, so the interval is conservative there.</para>
/// </summary>
public static class Subsampling
{
    /// <summary>Interval for one scalar metric of (real rows, fake rows).</summary>
    public static SubsamplingInterval ConfidenceInterval(Func<int[], int[], double> metric, int nReal, int nFake, int subsets = 50,
                                                         double fraction = 0.5, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return ConfidenceIntervals((r, f) => [metric(r, f)], nReal, nFake, subsets, fraction, level, seed)[0];
    }

    /// <summary>Intervals for a metric with several outputs computed together (PRDC: one distance pass, four numbers); the same subsets for all.</summary>
    public static SubsamplingInterval[] ConfidenceIntervals(Func<int[], int[], double[]> metric, int nReal, int nFake, int subsets = 50,
                                                            double fraction = 0.5, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (subsets < 2) throw new ArgumentException($"Subsampling: need at least 2 subsets, got {subsets}.", nameof(subsets));
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentException($"Subsampling: fraction must be in (0, 1), got {fraction}.", nameof(fraction));
        if (!(level > 0 && level < 1)) throw new ArgumentException($"Subsampling: level must be in (0, 1), got {level}.", nameof(level));
        int mReal = (int)Math.Round(fraction * nReal), mFake = (int)Math.Round(fraction * nFake);
        if (mReal < 2 || mFake < 2 || mReal >= nReal || mFake >= nFake)
            throw new ArgumentException($"Subsampling: n real = {nReal} and n fake = {nFake} are too small for subsets of {fraction:0.##} of them " +
                                        $"({mReal} and {mFake} rows; need 2 ≤ m < n).");

        var full = metric(Enumerable.Range(0, nReal).ToArray(), Enumerable.Range(0, nFake).ToArray());
        var rng = new Random(seed);
        var values = new double[subsets][];
        for (int s = 0; s < subsets; s++)
        {
            var real = Sample(rng, nReal, mReal);
            var fake = Sample(rng, nFake, mFake);
            values[s] = metric(real, fake);
            if (values[s].Length != full.Length)
                throw new InvalidOperationException($"Subsampling: the metric returned {values[s].Length} values on a subset but {full.Length} on the full sets.");
        }

        // One factor for both sides: they are subsampled at the same fraction, so m/(n − m) is the same.
        double correction = fraction / (1 - fraction);
        double z = NormalQuantile((1 + level) / 2);
        var result = new SubsamplingInterval[full.Length];
        for (int j = 0; j < full.Length; j++)
        {
            double mean = values.Average(v => v[j]);
            double variance = values.Sum(v => (v[j] - mean) * (v[j] - mean)) / (subsets - 1);
            double se = Math.Sqrt(correction * variance);
            result[j] = new SubsamplingInterval(full[j], full[j] - z * se, full[j] + z * se, se, subsets, mReal, mFake, level);
        }
        return result;
    }

    /// <summary>m distinct indices from [0, n), sorted (partial Fisher–Yates).</summary>
    private static int[] Sample(Random rng, int n, int m)
    {
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < m; i++)
        {
            int j = rng.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var chosen = all[..m];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"p must be in (0, 1), got {p}.");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        double r = p - 0.5, t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
