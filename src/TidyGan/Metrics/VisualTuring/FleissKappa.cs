namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Fleiss' κ (Fleiss 1971) among <paramref name="Raters"/> raters over the <paramref name="Items"/> images every
/// one of them answered: κ = (P̄ − P̄_e) / (1 − P̄_e), with P̄ the mean over items of the share of agreeing
/// rater pairs and P̄_e = Σ_c p_c² from the pooled category shares. It generalises Scott's π, not Cohen's κ: for
/// two raters it uses pooled rather than per-rater margins, so it can differ slightly from the pair's Cohen κ.
/// <paramref name="Kappa"/> is NaN when P̄_e = 1 (every call on every common item was the same answer);
/// see <see cref="IsDefined"/>.
/// </summary>
public sealed record FleissKappa(int Items, int Raters, double Kappa)
{
    /// <summary>P̄: mean pairwise agreement over the common items.</summary>
    public double ObservedAgreement { get; init; }

    /// <summary>False when κ is NaN (P̄_e = 1).</summary>
    public bool IsDefined => !double.IsNaN(Kappa);

    /// <summary>
    /// Fleiss' κ of the raters' "synthetic" calls over the items answered by all of them. Null when there are
    /// fewer than 2 raters or no item every rater answered. Each rater must answer an item at most once.
    /// </summary>
    public static FleissKappa? Among(IReadOnlyList<TuringAnswer> answers)
    {
        var raters = answers.Select(a => a.Rater).Distinct(StringComparer.Ordinal).ToList();
        if (raters.Count < 2) return null;
        var common = answers.GroupBy(a => a.ItemId, StringComparer.Ordinal)
                            .Where(g => g.Select(a => a.Rater).Distinct(StringComparer.Ordinal).Count() == raters.Count)
                            .ToList();
        if (common.Count == 0) return null;
        var counts = new int[common.Count, 2];
        for (int i = 0; i < common.Count; i++)
            foreach (var answer in common[i])
                counts[i, answer.CalledSynthetic ? 0 : 1]++;
        var (kappa, observed) = FromCounts(counts);
        return new FleissKappa(common.Count, raters.Count, kappa) { ObservedAgreement = observed };
    }

    /// <summary>
    /// κ and P̄ from <c>counts[i, c]</c> = raters who put item i in category c; every row must sum to the same
    /// number of raters n ≥ 2. κ is NaN when P̄_e = 1.
    /// </summary>
    public static (double Kappa, double ObservedAgreement) FromCounts(int[,] counts)
    {
        int items = counts.GetLength(0), categories = counts.GetLength(1);
        if (items == 0 || categories == 0) throw new ArgumentException("Fleiss' kappa: the count table is empty.", nameof(counts));
        int raters = 0;
        for (int c = 0; c < categories; c++) raters += counts[0, c];
        if (raters < 2) throw new ArgumentException($"Fleiss' kappa: need at least 2 ratings per item, item 0 has {raters}.", nameof(counts));

        var categoryTotals = new double[categories];
        double agreementSum = 0;
        for (int i = 0; i < items; i++)
        {
            int rowTotal = 0;
            double squares = 0;
            for (int c = 0; c < categories; c++)
            {
                int n = counts[i, c];
                if (n < 0) throw new ArgumentException($"Fleiss' kappa: negative count {n} at [{i}, {c}].", nameof(counts));
                rowTotal += n;
                squares += (double)n * n;
                categoryTotals[c] += n;
            }
            if (rowTotal != raters)
                throw new ArgumentException($"Fleiss' kappa: every item needs the same number of ratings; item 0 has {raters}, item {i} has {rowTotal}.", nameof(counts));
            agreementSum += (squares - raters) / ((double)raters * (raters - 1));   // P_i: agreeing pairs / all pairs
        }
        double observed = agreementSum / items, chance = 0;
        foreach (double total in categoryTotals)
        {
            double share = total / ((double)items * raters);
            chance += share * share;
        }
        double kappa = chance >= 1 - 1e-12 ? double.NaN : (observed - chance) / (1 - chance);
        return (kappa, observed);
    }
}
