namespace TidyGan.Metrics.VisualTuring;

// PLACEHOLDER for the statistics of issue 8 part 1 (written on branch `turingstats`): the same public
// signatures, so the web app (part 2) builds and is tested against them. Delete this file when merging
// the real implementation. Numbers here are plain and unverified against references: Wilson intervals,
// an exact two-sided binomial test, Mann–Whitney ROC AUC, Cohen's and Fleiss' kappa.

public sealed record TuringAnswer(string Rater, string ItemId, bool IsSynthetic, bool CalledSynthetic, int Confidence, double Seconds);

public sealed record Proportion(int Successes, int Trials, double Value, double Lower, double Upper);

public sealed record RaterStatistics(string Rater, int N, int Correct, Proportion Accuracy, Proportion Sensitivity, Proportion Specificity,
    double BinomialP, double? RocAuc, double MedianSeconds);

public sealed record PairAgreement(string A, string B, int Items, double Kappa);

public sealed record FleissKappa(int Items, int Raters, double Kappa);

public sealed record TuringSummary(RaterStatistics Overall, IReadOnlyList<RaterStatistics> PerRater, IReadOnlyList<PairAgreement> CohenKappas, FleissKappa? Fleiss);

public static class TuringStatistics
{
    public static TuringSummary Summarize(IReadOnlyList<TuringAnswer> answers)
    {
        var raters = answers.Select(a => a.Rater).Distinct().Order(StringComparer.Ordinal).ToList();
        var per = raters.Select(r => Rater(r, answers.Where(a => a.Rater == r).ToList())).ToList();
        var pairs = new List<PairAgreement>();
        for (int i = 0; i < raters.Count; i++)
            for (int j = i + 1; j < raters.Count; j++)
            {
                var a = answers.Where(x => x.Rater == raters[i]).ToDictionary(x => x.ItemId, x => x.CalledSynthetic);
                var b = answers.Where(x => x.Rater == raters[j]).ToDictionary(x => x.ItemId, x => x.CalledSynthetic);
                var common = a.Keys.Intersect(b.Keys).ToList();
                pairs.Add(new PairAgreement(raters[i], raters[j], common.Count, Cohen(common.Select(k => (a[k], b[k])).ToList())));
            }
        return new TuringSummary(Rater("overall", answers), per, pairs, Fleiss(answers, raters.Count));
    }

    private static RaterStatistics Rater(string name, IReadOnlyList<TuringAnswer> a)
    {
        int correct = a.Count(x => x.IsSynthetic == x.CalledSynthetic);
        var seconds = a.Select(x => x.Seconds).Order().ToList();
        double median = seconds.Count == 0 ? double.NaN : seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : 0.5 * (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]);
        return new RaterStatistics(name, a.Count, correct, Wilson(correct, a.Count),
            Wilson(a.Count(x => x.IsSynthetic && x.CalledSynthetic), a.Count(x => x.IsSynthetic)),
            Wilson(a.Count(x => !x.IsSynthetic && !x.CalledSynthetic), a.Count(x => !x.IsSynthetic)),
            Binomial(correct, a.Count), Auc(a), median);
    }

    private static Proportion Wilson(int k, int n)
    {
        if (n == 0) return new Proportion(0, 0, double.NaN, double.NaN, double.NaN);
        const double z = 1.959963984540054;
        double p = (double)k / n, d = 1 + z * z / n, c = (p + z * z / (2 * n)) / d, h = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return new Proportion(k, n, p, Math.Max(0, c - h), Math.Min(1, c + h));
    }

    private static double Binomial(int k, int n)
    {
        if (n == 0) return double.NaN;
        double LogP(int i) => LogChoose(n, i) - n * Math.Log(2);
        double observed = LogP(k), p = 0;
        for (int i = 0; i <= n; i++) if (LogP(i) <= observed + 1e-9) p += Math.Exp(LogP(i));
        return Math.Min(1, p);
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.Log(n - k + i) - Math.Log(i);
        return s;
    }

    private static double? Auc(IReadOnlyList<TuringAnswer> a)
    {
        double Score(TuringAnswer x) => x.CalledSynthetic ? x.Confidence : -x.Confidence;
        var pos = a.Where(x => x.IsSynthetic).Select(Score).ToList();
        var neg = a.Where(x => !x.IsSynthetic).Select(Score).ToList();
        if (pos.Count == 0 || neg.Count == 0) return null;
        double wins = pos.Sum(p => neg.Sum(q => p > q ? 1.0 : p == q ? 0.5 : 0.0));
        return wins / (pos.Count * (double)neg.Count);
    }

    private static double Cohen(IReadOnlyList<(bool A, bool B)> pairs)
    {
        if (pairs.Count == 0) return double.NaN;
        double n = pairs.Count, po = pairs.Count(p => p.A == p.B) / n;
        double pa = pairs.Count(p => p.A) / n, pb = pairs.Count(p => p.B) / n, pe = pa * pb + (1 - pa) * (1 - pb);
        return pe >= 1 ? double.NaN : (po - pe) / (1 - pe);
    }

    private static FleissKappa? Fleiss(IReadOnlyList<TuringAnswer> answers, int raters)
    {
        if (raters < 2) return null;
        var items = answers.GroupBy(a => a.ItemId).Where(g => g.Count() == raters).ToList();
        if (items.Count == 0) return null;
        double pBar = 0, yes = 0;
        foreach (var g in items)
        {
            int s = g.Count(a => a.CalledSynthetic), r = raters - s;
            pBar += (s * (s - 1.0) + r * (r - 1.0)) / (raters * (raters - 1.0));
            yes += s;
        }
        pBar /= items.Count;
        double p1 = yes / (items.Count * (double)raters), pe = p1 * p1 + (1 - p1) * (1 - p1);
        return new FleissKappa(items.Count, raters, pe >= 1 ? double.NaN : (pBar - pe) / (1 - pe));
    }
}

public static class TuringReportText
{
    public static string Markdown(TuringSummary s)
    {
        var b = new System.Text.StringBuilder();
        b.AppendLine("| rater | n | accuracy (95% CI) | sensitivity | specificity | p (binomial vs 50%) | ROC AUC | median s |");
        b.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in s.PerRater.Append(s.Overall))
            b.AppendLine($"| {r.Rater} | {r.N} | {r.Accuracy.Value:F3} ({r.Accuracy.Lower:F3}–{r.Accuracy.Upper:F3}) | {r.Sensitivity.Value:F3} | {r.Specificity.Value:F3} | {r.BinomialP:G3} | {r.RocAuc:F3} | {r.MedianSeconds:F1} |");
        foreach (var k in s.CohenKappas) b.AppendLine($"\nCohen's κ {k.A}–{k.B}: {k.Kappa:F3} ({k.Items} items)");
        if (s.Fleiss is { } f) b.AppendLine($"\nFleiss' κ: {f.Kappa:F3} ({f.Items} items, {f.Raters} raters)");
        return b.ToString();
    }
}
