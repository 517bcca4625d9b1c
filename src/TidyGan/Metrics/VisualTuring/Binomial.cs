namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// The exact binomial test, here "is this rater better (or worse) than a coin?": under H₀ each answer is
/// correct with probability p (½ for a balanced real/synthetic study), independently.
/// </summary>
public static class Binomial
{
    // scipy.stats.binomtest's tolerance: outcomes within a relative 1e-7 of P(k) count as "as extreme as k",
    // so rounding cannot drop the mirror-image outcome at p = ½.
    private static readonly double LogRelativeTolerance = Math.Log(1 + 1e-7);

    /// <summary>
    /// Two-sided exact p-value: the total probability under Binomial(n, p) of every outcome no more likely than
    /// the observed k, the definition used by scipy.stats.binomtest and R's binom.test. Computed in log space
    /// (log-factorials), so n up to 10⁵ and beyond is fine; p-values below ~1e-308 underflow to 0.
    /// n = 0 gives 1 (no data, no evidence).
    /// </summary>
    public static double TwoSidedP(int k, int n, double p = 0.5)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentException($"Binomial test: need 0 ≤ k ≤ n, got k = {k}, n = {n}.");
        if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Binomial test: p must be in [0, 1], got {p}.", nameof(p));
        if (n == 0 || k == p * n) return 1;
        if (p == 0 || p == 1) return 0;                // k is impossible under H₀ (k = 0 or n returned 1 above)

        double logObserved = LogProbability(k, n, p) + LogRelativeTolerance;
        var included = new List<double>();
        double max = double.NegativeInfinity;
        for (int i = 0; i <= n; i++)
        {
            double lp = LogProbability(i, n, p);
            if (lp > logObserved) continue;
            included.Add(lp);
            max = Math.Max(max, lp);
        }
        double sum = 0;                                // log-sum-exp: scale by the largest included term
        foreach (double lp in included) sum += Math.Exp(lp - max);
        return Math.Min(1, Math.Exp(max + Math.Log(sum)));
    }

    /// <summary>log P(X = k) for X ~ Binomial(n, p).</summary>
    public static double LogProbability(int k, int n, double p)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentException($"Binomial probability: need 0 ≤ k ≤ n, got k = {k}, n = {n}.");
        double logChoose = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
        // 0·log 0 = 0: P(X = 0 | p = 0) = 1, not NaN.
        double successes = k == 0 ? 0 : k * Math.Log(p);
        double failures = n - k == 0 ? 0 : (n - k) * Math.Log(1 - p);
        return logChoose + successes + failures;
    }

    private const int ExactFactorials = 171;           // 170! is the largest factorial a double holds
    private static readonly double[] SmallLogFactorials = BuildSmallLogFactorials();

    /// <summary>log n!: exact products up to 170!, Stirling's series beyond (truncation error &lt; 1e-22 there).</summary>
    public static double LogFactorial(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "log n! needs n ≥ 0.");
        if (n < ExactFactorials) return SmallLogFactorials[n];
        double x = n + 1.0, inv = 1 / x, inv2 = inv * inv;   // log Γ(x) with x = n + 1
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + series;
    }

    private static double[] BuildSmallLogFactorials()
    {
        var table = new double[ExactFactorials];
        double factorial = 1;
        for (int i = 1; i < ExactFactorials; i++)
        {
            factorial *= i;
            table[i] = Math.Log(factorial);
        }
        return table;
    }
}
