using System.Globalization;
using System.Text;

namespace TidyGan.Metrics.VisualTuring;

/// <summary>
/// The printable summary of a visual Turing test as Markdown (what `tidygan turing report` prints and the admin
/// page's printable summary shows): one table of per-rater and pooled results, one of pairwise agreement, and
/// the notes a reader needs to interpret them. "–" marks a number with no data (no answers, one class absent).
/// </summary>
public static class TuringReportText
{
    /// <summary>The summary as Markdown: invariant culture, percentages to 0.1, p to 3 significant digits, κ and AUC to 0.001.</summary>
    public static string Markdown(TuringSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var md = new StringBuilder();
        md.AppendLine("## Visual Turing test");
        md.AppendLine();
        string raters = s.PerRater.Count == 1 ? "rater" : "raters";
        md.AppendLine(Invariant($"{s.Overall.N} answers from {s.PerRater.Count} {raters}: {s.Overall.Sensitivity.Trials} on synthetic images, {s.Overall.Specificity.Trials} on real ones."));
        md.AppendLine();
        md.AppendLine("| Rater | N | Correct | Accuracy (95% CI) | Sensitivity (95% CI) | Specificity (95% CI) | p vs 50% | ROC AUC | Median s |");
        md.AppendLine("|---|---:|---:|---|---|---|---:|---:|---:|");
        foreach (var r in s.PerRater) md.AppendLine(Row(r, Cell(r.Rater)));
        md.AppendLine(Row(s.Overall, $"**{Cell(s.Overall.Rater)} (pooled)**"));
        md.AppendLine();
        md.AppendLine("Sensitivity: synthetic images called synthetic. Specificity: real images called real. " +
                      "Intervals: Wilson 95%. p: exact two-sided binomial test of the accuracy against 50% (chance). " +
                      "ROC AUC: from the answer and its 1–5 confidence as one score from −5 (surely real) to +5 " +
                      "(surely synthetic); 0.5 is chance. The pooled row puts all answers together, but they are not " +
                      "independent (the same raters and images recur), so its p-value and intervals are optimistic: test per rater.");

        md.AppendLine();
        md.AppendLine("### Agreement between raters");
        md.AppendLine();
        if (s.CohenKappas.Count == 0)
            md.AppendLine("One rater or none: no agreement to measure.");
        else
        {
            md.AppendLine("| Rater A | Rater B | Common images | Observed agreement | Cohen's κ |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var p in s.CohenKappas)
                md.AppendLine(Invariant($"| {Cell(p.A)} | {Cell(p.B)} | {p.Items} | {(p.Items == 0 ? "–" : Percent(p.ObservedAgreement))} | {Kappa(p.Kappa)} |"));
        }
        md.AppendLine();
        md.AppendLine(s.Fleiss is { } f
            ? Invariant($"Fleiss' κ over the {f.Items} images all {f.Raters} raters answered: {Kappa(f.Kappa)} (observed pairwise agreement {Percent(f.ObservedAgreement)}).")
            : "Fleiss' κ: not computed (fewer than 2 raters, or no image that every rater answered).");
        md.AppendLine();
        md.AppendLine("κ corrects agreement on the real/synthetic calls for chance: 1 perfect, 0 chance level, < 0 worse. " +
                      "\"undefined\": no common images, or every call was the same answer (κ = 0/0). With skewed answer " +
                      "rates κ can be low although agreement is high (the κ paradox): read both columns.");
        return md.ToString();
    }

    private static string Row(RaterStatistics r, string name)
    {
        string p = r.N == 0 ? "–" : PValue(r.BinomialP);
        string auc = r.RocAuc is { } value ? value.ToString("F3", CultureInfo.InvariantCulture) : "–";
        string seconds = r.N == 0 ? "–" : r.MedianSeconds.ToString("F1", CultureInfo.InvariantCulture);
        return Invariant($"| {name} | {r.N} | {r.Correct} | {Interval(r.Accuracy)} | {Interval(r.Sensitivity)} | {Interval(r.Specificity)} | {p} | {auc} | {seconds} |");
    }

    private static string Interval(Proportion p) =>
        p.Trials == 0 ? "– (0 of 0)" : $"{Percent(p.Value)} ({Percent(p.Lower, "")}–{Percent(p.Upper)}; {p.Successes}/{p.Trials})";

    private static string Percent(double value, string unit = "%") => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + unit;

    /// <summary>Three significant digits, scientific below 1e-4 (e.g. 0.0412, 3.1E-07).</summary>
    private static string PValue(double p) => p.ToString("G3", CultureInfo.InvariantCulture);

    private static string Kappa(double kappa) => double.IsNaN(kappa) ? "undefined" : kappa.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A rater name as a table cell: a '|' would end the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
