namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// Area under the ROC curve of a rating against the truth, as the Mann–Whitney statistic: the probability that
/// a randomly chosen synthetic image gets a higher "synthetic" score than a randomly chosen real one, ties
/// counting ½ (Hanley &amp; McNeil 1982). 0.5 = chance, 1 = perfect separation, below 0.5 = systematically
/// reversed. With confidence ratings this is the trapezoidal area under the empirical ROC through the rating
/// thresholds, so it rewards a rater whose confident calls are right even when the binary accuracy is modest.
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// AUC of <see cref="TuringAnswer.SyntheticScore"/> (−5 surely real … +5 surely synthetic) with synthetic
    /// images as positives; null when the answers hold no synthetic or no real image.
    /// </summary>
    public static double? FromRatings(IEnumerable<TuringAnswer> answers)
    {
        var list = answers.ToList();
        return FromScores(list.Select(a => (double)a.SyntheticScore).ToList(), list.Select(a => a.IsSynthetic).ToList());
    }

    /// <summary>
    /// AUC = U / (n₊ n₋) with U = Σ over positive–negative pairs of [s₊ &gt; s₋] + ½[s₊ = s₋], computed from
    /// mid-ranks in O(n log n). Null when either class is empty (the AUC is undefined).
    /// </summary>
    public static double? FromScores(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count)
            throw new ArgumentException($"ROC AUC: {scores.Count} scores but {positive.Count} labels.");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("ROC AUC: a score is NaN.", nameof(scores));
        long nPositive = positive.Count(p => p), nNegative = positive.Count - nPositive;
        if (nPositive == 0 || nNegative == 0) return null;

        // Mid-ranks (1-based, ties share the mean rank); U₊ = Σ ranks of positives − n₊(n₊ + 1)/2.
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double midRank = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++)
                if (positive[order[j]]) positiveRankSum += midRank;
            start = end + 1;
        }
        double u = positiveRankSum - nPositive * (nPositive + 1) / 2.0;
        return u / ((double)nPositive * nNegative);
    }
}
