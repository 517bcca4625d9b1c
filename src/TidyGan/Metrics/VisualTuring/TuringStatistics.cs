namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// The statistics of a visual Turing test (as reported by e.g. Chuquicusma 2018 and later reader studies):
/// per rater and pooled accuracy, sensitivity (synthetic called synthetic) and specificity (real called real)
/// with Wilson 95% intervals, an exact binomial test of the accuracy against 50%, the ROC AUC of the confidence
/// ratings, the median time per image, Cohen's κ for each pair of raters and Fleiss' κ among all of them.
/// </summary>
public static class TuringStatistics
{
    /// <summary>The <see cref="RaterStatistics.Rater"/> of the pooled row.</summary>
    public const string OverallRater = "all raters";

    /// <summary>
    /// Summarise a study's answers (any order; an empty list gives an all-zero summary with no κ). The pooled
    /// row treats every answer as one observation although answers by the same rater, or on the same image, are
    /// correlated: its binomial p-value and intervals are therefore optimistic, and per-rater rows are the ones
    /// to test. Throws when an answer is malformed (empty rater or item, confidence outside 1–5, negative or
    /// non-finite seconds), a rater answered an item twice, or an item is real in one answer and synthetic in another.
    /// </summary>
    public static TuringSummary Summarize(IReadOnlyList<TuringAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Validate(answers);

        var byRater = answers.GroupBy(a => a.Rater, StringComparer.Ordinal)
                             .OrderBy(g => g.Key, StringComparer.Ordinal)
                             .Select(g => (Rater: g.Key, Answers: (IReadOnlyList<TuringAnswer>)g.ToList()))
                             .ToList();
        var perRater = byRater.Select(r => Describe(r.Rater, r.Answers)).ToList();
        var kappas = new List<PairAgreement>();
        for (int i = 0; i < byRater.Count; i++)
            for (int j = i + 1; j < byRater.Count; j++)
                kappas.Add(CohenKappa.Between(byRater[i].Rater, byRater[i].Answers, byRater[j].Rater, byRater[j].Answers));
        return new TuringSummary(Describe(OverallRater, answers), perRater, kappas, FleissKappa.Among(answers));
    }

    /// <summary>One row of the summary: the given answers' accuracy, sensitivity, specificity, test and AUC.</summary>
    public static RaterStatistics Describe(string rater, IReadOnlyList<TuringAnswer> answers)
    {
        int correct = answers.Count(a => a.Correct);
        int synthetic = answers.Count(a => a.IsSynthetic);
        int syntheticCalledSynthetic = answers.Count(a => a.IsSynthetic && a.CalledSynthetic);
        int realCalledReal = answers.Count(a => !a.IsSynthetic && !a.CalledSynthetic);
        return new RaterStatistics(
            rater, answers.Count, correct,
            Accuracy: Proportion.Of(correct, answers.Count),
            Sensitivity: Proportion.Of(syntheticCalledSynthetic, synthetic),
            Specificity: Proportion.Of(realCalledReal, answers.Count - synthetic),
            BinomialP: Binomial.TwoSidedP(correct, answers.Count),
            RocAuc: VisualTuring.RocAuc.FromRatings(answers),
            MedianSeconds: Median(answers.Select(a => a.Seconds)));
    }

    /// <summary>Median (mean of the two middle values for an even count); 0 for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static void Validate(IReadOnlyList<TuringAnswer> answers)
    {
        var seen = new HashSet<(string, string)>();
        var truth = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (int i = 0; i < answers.Count; i++)
        {
            var a = answers[i] ?? throw new ArgumentException($"Turing statistics: answer {i} is null.", nameof(answers));
            string where = $"Turing statistics: answer {i} (rater '{a.Rater}', item '{a.ItemId}')";
            if (string.IsNullOrWhiteSpace(a.Rater)) throw new ArgumentException($"{where}: the rater name is empty.", nameof(answers));
            if (string.IsNullOrWhiteSpace(a.ItemId)) throw new ArgumentException($"{where}: the item id is empty.", nameof(answers));
            if (a.Confidence is < 1 or > 5) throw new ArgumentException($"{where}: confidence must be 1–5, got {a.Confidence}.", nameof(answers));
            if (!double.IsFinite(a.Seconds) || a.Seconds < 0) throw new ArgumentException($"{where}: seconds must be finite and ≥ 0, got {a.Seconds}.", nameof(answers));
            if (!seen.Add((a.Rater, a.ItemId))) throw new ArgumentException($"{where}: the rater answered this item twice.", nameof(answers));
            if (truth.TryGetValue(a.ItemId, out bool synthetic) && synthetic != a.IsSynthetic)
                throw new ArgumentException($"{where}: the item is marked synthetic in one answer and real in another.", nameof(answers));
            truth[a.ItemId] = a.IsSynthetic;
        }
    }
}
