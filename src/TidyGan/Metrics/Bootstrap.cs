namespace TidyGan.Metrics;

/// <summary>A metric's value on the full sets and its percentile bootstrap interval.</summary>
public sealed record BootstrapInterval(double Value, double Low, double High, int Resamples, double Level);

/// <summary>
/// Percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13): resample real and fake rows independently with
/// replacement, recompute the metric, take the (1 − level)/2 and (1 + level)/2 quantiles. Note for k-NN
/// metrics (PRDC): resampled duplicates have distance 0, which shrinks k-NN radii, so their intervals are
/// only indicative.
/// </summary>
public static class Bootstrap
{
    /// <param name="metric">the metric on the given real and fake row indices (rows may repeat).</param>
    public static BootstrapInterval ConfidenceInterval(Func<int[], int[], double> metric, int nReal, int nFake, int resamples = 1000,
                                                      double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (nReal < 1 || nFake < 1) throw new ArgumentException($"Bootstrap: need at least one real and one fake sample, got n real = {nReal}, n fake = {nFake}.");
        if (resamples < 2) throw new ArgumentException($"Bootstrap: need at least 2 resamples, got {resamples}.", nameof(resamples));
        if (!(level > 0 && level < 1)) throw new ArgumentException($"Bootstrap: level must be in (0, 1), got {level}.", nameof(level));

        double value = metric(Enumerable.Range(0, nReal).ToArray(), Enumerable.Range(0, nFake).ToArray());
        var rng = new Random(seed);
        var values = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            var real = new int[nReal];
            var fake = new int[nFake];
            for (int i = 0; i < nReal; i++) real[i] = rng.Next(nReal);
            for (int i = 0; i < nFake; i++) fake[i] = rng.Next(nFake);
            values[b] = metric(real, fake);
        }
        Array.Sort(values);
        double alpha = (1 - level) / 2;
        return new BootstrapInterval(value, Quantile(values, alpha), Quantile(values, 1 - alpha), resamples, level);
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default, "linear").</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(position), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }
}
