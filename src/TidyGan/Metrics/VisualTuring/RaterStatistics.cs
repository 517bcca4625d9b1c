namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// How well one rater (or all raters pooled, <see cref="TuringStatistics.OverallRater"/>) told real from synthetic.
/// </summary>
/// <param name="Rater">the rater's name, or <see cref="TuringStatistics.OverallRater"/> for the pooled row.</param>
/// <param name="N">answers.</param>
/// <param name="Correct">answers that called the image what it is.</param>
/// <param name="Accuracy">Correct / N with its Wilson 95% interval.</param>
/// <param name="Sensitivity">synthetic images called synthetic / synthetic images shown.</param>
/// <param name="Specificity">real images called real / real images shown.</param>
/// <param name="BinomialP">exact two-sided binomial test of Correct out of N against 50% (1 when N = 0). For the
/// pooled row the answers are not independent (the same raters and the same images recur), so this p-value is
/// too small when raters or images differ; read it as descriptive.</param>
/// <param name="RocAuc">AUC of the ±confidence rating (see <see cref="VisualTuring.RocAuc"/>); null when the
/// rater saw only real or only synthetic images.</param>
/// <param name="MedianSeconds">median time per image; 0 when N = 0.</param>
public sealed record RaterStatistics(string Rater, int N, int Correct, Proportion Accuracy,
                                     Proportion Sensitivity, Proportion Specificity,
                                     double BinomialP, double? RocAuc, double MedianSeconds);
