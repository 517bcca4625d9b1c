using System.Globalization;
using System.Net;
using System.Text;
using TidyGan.Metrics.VisualTuring;

namespace TidyGan.TuringTest;

/// <summary>
/// The admin page, rendered on the server from <see cref="TuringStatistics.Summarize"/> over the stored
/// answers: progress, per-rater and overall accuracy / sensitivity / specificity with Wilson intervals,
/// the exact binomial test against 50%, ROC AUC of the confidence ratings, Cohen's κ per pair and Fleiss' κ.
/// Cells carry data-stat attributes so tests (and scrapers) read numbers, not layout.
/// </summary>
public static class AdminPage
{
    public static string Render(StudyStore store, string csvUrl, string csrfToken)
    {
        var meta = store.AllMeta();
        var progress = store.AllProgress();
        var answers = store.Answers();
        var b = new StringBuilder();
        b.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Visual Turing test — results</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="{{Enc(csrfToken)}}">
            <link rel="stylesheet" href="/assets/turing.css"></head>
            <body class="admin">
            <h1>Visual Turing test — results</h1>
            """);
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{Enc(meta.GetValueOrDefault("n_real", "?"))} real and {Enc(meta.GetValueOrDefault("n_synthetic", "?"))} synthetic images, ")
         .Append(CultureInfo.InvariantCulture, $"{progress.Count} raters; real: {Enc(meta.GetValueOrDefault("real", "?"))}; synthetic: {Enc(meta.GetValueOrDefault("fake", "?"))}; ")
         .Append(CultureInfo.InvariantCulture, $"{Enc(meta.GetValueOrDefault("size", "?"))} px, window {Enc(meta.GetValueOrDefault("window", "?"))} {Enc(meta.GetValueOrDefault("unit", ""))}. ")
         .Append(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>\n")
         .Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><a id=\"csv\" href=\"{Enc(csvUrl)}\" download=\"answers.csv\">Download raw answers (CSV)</a> <button id=\"print\" type=\"button\">Print summary</button></p>\n");

        b.Append("<h2>Progress</h2>\n<table id=\"progress\"><thead><tr><th>rater</th><th>answered</th><th>of</th><th class=\"actions\">lost link?</th></tr></thead><tbody>\n");
        foreach (var p in progress)
            b.Append(CultureInfo.InvariantCulture, $"<tr data-rater=\"{Enc(p.Rater)}\"><td>{Enc(p.Rater)}</td><td data-stat=\"answered\">{p.Answered}</td><td data-stat=\"total\">{p.Total}</td>")
             .Append(CultureInfo.InvariantCulture, $"<td class=\"actions\"><button type=\"button\" data-reissue=\"{Enc(p.Rater)}\">Re-issue link</button></td></tr>\n");
        b.Append("</tbody></table>\n<p id=\"reissued\" class=\"actions\" hidden></p>\n");

        if (answers.Count == 0)
        {
            b.Append("<p id=\"no-answers\">No answers yet.</p>\n");
        }
        else
        {
            var s = TuringStatistics.Summarize(answers);
            b.Append("""
                <h2>Accuracy per rater and overall</h2>
                <p class="note">Sensitivity: synthetic images called synthetic. Specificity: real images called real. Intervals: Wilson 95%.
                p: exact two-sided binomial test of accuracy against 50% (chance). ROC AUC from the call and its 1–5 confidence as one
                score from −5 (surely real) to +5 (surely synthetic); 0.5 is chance. The pooled row treats all answers as independent,
                which they are not (the same raters and images recur): its p and intervals are optimistic; test per rater.</p>
                <table id="raters"><thead><tr><th>rater</th><th>n</th><th>correct</th><th>accuracy</th><th>95% CI</th><th>sensitivity</th><th>95% CI</th>
                <th>specificity</th><th>95% CI</th><th>p (binomial)</th><th>ROC AUC</th><th>median s / image</th></tr></thead><tbody>

                """);
            foreach (var r in s.PerRater) Row(b, r, overall: false);
            Row(b, s.Overall, overall: true);
            b.Append("</tbody></table>\n");

            b.Append("<h2>Agreement between raters</h2>\n<table id=\"cohen\"><thead><tr><th>rater A</th><th>rater B</th><th>items both answered</th><th>observed agreement</th><th>Cohen's κ</th></tr></thead><tbody>\n");
            foreach (var k in s.CohenKappas)
                b.Append(CultureInfo.InvariantCulture, $"<tr data-pair=\"{Enc(k.A)}|{Enc(k.B)}\"><td>{Enc(k.A)}</td><td>{Enc(k.B)}</td><td data-stat=\"items\">{k.Items}</td><td data-stat=\"agreement\">{(k.Items == 0 ? "–" : F(k.ObservedAgreement))}</td><td data-stat=\"kappa\">{K(k.Kappa)}</td></tr>\n");
            b.Append("</tbody></table>\n");
            b.Append(s.Fleiss is { } f
                ? FormattableString.Invariant($"<p id=\"fleiss\">Fleiss' κ over all raters: <span data-stat=\"fleiss\">{K(f.Kappa)}</span> ({f.Items} items answered by all {f.Raters} raters).</p>\n")
                : "<p id=\"fleiss\">Fleiss' κ: needs at least two raters and items answered by all of them.</p>\n");
            // The same summary as `tidygan turing report`, to paste into a paper or an issue.
            b.Append("<details id=\"markdown\"><summary>Summary as Markdown</summary><pre>")
             .Append(Enc(TuringReportText.Markdown(s))).Append("</pre></details>\n");
        }
        b.Append("<script src=\"/assets/admin.js\"></script>\n</body></html>\n");
        return b.ToString();
    }

    /// <summary>How the page writes every statistic (3 decimals, p in 3 significant digits; "–" for undefined).</summary>
    public static string F(double value) => double.IsFinite(value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "–";

    /// <summary>κ: "undefined" when 0/0 (every call the same answer), as the Markdown report writes it.</summary>
    public static string K(double kappa) => double.IsNaN(kappa) ? "undefined" : F(kappa);

    public static string P(double value) => double.IsFinite(value) ? value.ToString("G3", CultureInfo.InvariantCulture) : "–";

    private static void Row(StringBuilder b, RaterStatistics r, bool overall)
    {
        // A proportion of 0 trials (e.g. no synthetic image answered yet) has no value: "–", not 0.
        string V(Proportion p) => p.Trials == 0 ? "–" : F(p.Value);
        string Ci(Proportion p) => p.Trials == 0 ? "–" : $"{F(p.Lower)}–{F(p.Upper)}";
        b.Append(CultureInfo.InvariantCulture, $"<tr data-rater=\"{(overall ? "(overall)" : Enc(r.Rater))}\"{(overall ? " class=\"overall\"" : "")}>")
         .Append(CultureInfo.InvariantCulture, $"<td>{(overall ? "all raters (pooled)" : Enc(r.Rater))}</td><td data-stat=\"n\">{r.N}</td><td data-stat=\"correct\">{r.Correct}</td>")
         .Append(CultureInfo.InvariantCulture, $"<td data-stat=\"accuracy\">{V(r.Accuracy)}</td><td data-stat=\"accuracy-ci\">{Ci(r.Accuracy)}</td>")
         .Append(CultureInfo.InvariantCulture, $"<td data-stat=\"sensitivity\">{V(r.Sensitivity)}</td><td data-stat=\"sensitivity-ci\">{Ci(r.Sensitivity)}</td>")
         .Append(CultureInfo.InvariantCulture, $"<td data-stat=\"specificity\">{V(r.Specificity)}</td><td data-stat=\"specificity-ci\">{Ci(r.Specificity)}</td>")
         .Append(CultureInfo.InvariantCulture, $"<td data-stat=\"p\">{(r.N == 0 ? "–" : P(r.BinomialP))}</td><td data-stat=\"auc\">{(r.RocAuc is { } auc ? F(auc) : "–")}</td>")
         .Append(CultureInfo.InvariantCulture, $"<td data-stat=\"median-seconds\">{(r.N == 0 ? "–" : r.MedianSeconds.ToString("F1", CultureInfo.InvariantCulture))}</td></tr>\n");
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
