namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Cohen's κ (Cohen 1960): agreement between two raters corrected for the agreement their own answer rates
/// would give by chance, κ = (p_o − p_e) / (1 − p_e), with p_o the observed agreement and
/// p_e = Σ_c p_A(c)·p_B(c) from each rater's marginal rates. κ = 1 perfect, 0 chance-level, &lt; 0 worse than
/// chance. Beware the "κ paradox" (Feinstein &amp; Cicchetti 1990): with skewed margins (a rater who calls almost
/// everything real) κ can be low although p_o is high, so report p_o beside it.
/// </summary>
public static class CohenKappa
{
    /// <summary>
    /// κ from a square contingency table, <c>table[i, j]</c> = items rater A put in category i and rater B in j.
    /// NaN when the table is empty or p_e = 1 (both raters used a single, identical category: κ = 0/0).
    /// </summary>
    public static double FromTable(int[,] table)
    {
        int categories = table.GetLength(0);
        if (table.GetLength(1) != categories)
            throw new ArgumentException($"Cohen's kappa: the table must be square, got {categories}×{table.GetLength(1)}.", nameof(table));
        double total = 0, agree = 0;
        var rowSums = new double[categories];
        var columnSums = new double[categories];
        for (int i = 0; i < categories; i++)
            for (int j = 0; j < categories; j++)
            {
                if (table[i, j] < 0) throw new ArgumentException($"Cohen's kappa: negative count {table[i, j]} at [{i}, {j}].", nameof(table));
                total += table[i, j];
                rowSums[i] += table[i, j];
                columnSums[j] += table[i, j];
                if (i == j) agree += table[i, j];
            }
        if (total == 0) return double.NaN;
        double observed = agree / total, chance = 0;
        for (int c = 0; c < categories; c++) chance += rowSums[c] / total * (columnSums[c] / total);
        // p_e = 1 only when both raters used one and the same category; guard against 1 − 1e-16 too.
        if (chance >= 1 - 1e-12) return double.NaN;
        return (observed - chance) / (1 - chance);
    }

    /// <summary>κ of two raters' paired binary calls (index i = the same item for both).</summary>
    public static double FromCalls(IReadOnlyList<bool> a, IReadOnlyList<bool> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Cohen's kappa: {a.Count} calls from one rater but {b.Count} from the other.");
        var table = new int[2, 2];
        for (int i = 0; i < a.Count; i++) table[a[i] ? 0 : 1, b[i] ? 0 : 1]++;
        return FromTable(table);
    }

    /// <summary>
    /// κ between two raters on their "synthetic" calls over the items both answered (matched by ItemId);
    /// each list holds one rater's answers, at most one per item.
    /// </summary>
    public static PairAgreement Between(string raterA, IReadOnlyList<TuringAnswer> a, string raterB, IReadOnlyList<TuringAnswer> b)
    {
        var byItem = b.ToDictionary(x => x.ItemId, StringComparer.Ordinal);
        var callsA = new List<bool>();
        var callsB = new List<bool>();
        foreach (var answer in a)
            if (byItem.TryGetValue(answer.ItemId, out var other))
            {
                callsA.Add(answer.CalledSynthetic);
                callsB.Add(other.CalledSynthetic);
            }
        int same = callsA.Zip(callsB).Count(p => p.First == p.Second);
        return new PairAgreement(raterA, raterB, callsA.Count, FromCalls(callsA, callsB))
        {
            ObservedAgreement = callsA.Count == 0 ? 0 : (double)same / callsA.Count,
        };
    }
}
