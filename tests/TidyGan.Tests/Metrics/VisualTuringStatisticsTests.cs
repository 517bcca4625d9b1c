using System.Globalization;
using System.Text.Json;
using TidyGan.Metrics.VisualTuring;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.Metrics;

public sealed class VisualTuringStatisticsTests
{
    // ---- exact binomial test ----------------------------------------------------------------------------------

    // References: scipy 1.10.1, `from scipy.stats import binomtest; binomtest(k, n, p).pvalue` (repr printed).
    [Theory]
    [InlineData(7, 20, 0.5, 0.26317596435546875)]
    [InlineData(13, 20, 0.5, 0.26317596435546875)]
    [InlineData(10, 20, 0.5, 1.0)]
    [InlineData(0, 10, 0.5, 0.001953125)]
    [InlineData(10, 10, 0.5, 0.001953125)]
    [InlineData(594, 1000, 0.5, 3.021721248423204e-09)]
    [InlineData(59, 100, 0.5, 0.08862608011406767)]
    [InlineData(3, 30, 0.5, 8.430331945419312e-06)]
    [InlineData(50, 100, 0.3, 2.7720542263007482e-05)]
    [InlineData(12, 25, 0.4, 0.42126956139473126)]
    [InlineData(80, 100, 0.9, 0.002300248918965341)]
    [InlineData(95, 100, 0.5, 1.252324512538536e-22)]
    [InlineData(1, 1, 0.5, 1.0)]
    [InlineData(20, 21, 0.5, 2.09808349609375e-05)]
    [InlineData(50600, 100000, 0.5, 0.000149671910914374)]
    [InlineData(49700, 100000, 0.5, 0.05819735311019034)]
    [InlineData(51234, 100000, 0.5, 6.1065042366009066e-15)]
    [InlineData(30100, 100000, 0.3, 0.4901539895197062)]
    public void BinomialPValuesMatchScipyBinomtest(int k, int n, double p, double expected) =>
        AssertRelative(expected, Binomial.TwoSidedP(k, n, p), 1e-8);

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void BinomialPValuesMatchScipyOnRandomCasesComputedNow()
    {
        var rng = new Random(8);
        var cases = new List<(int K, int N, double P)>();
        for (int i = 0; i < 150; i++)
        {
            int n = i < 100 ? rng.Next(1, 200) : rng.Next(1000, 100_001);
            double p = i % 3 == 0 ? 0.5 : Math.Round(0.05 + 0.9 * rng.NextDouble(), 3);
            // Mostly near the mean (where the two tails matter), some anywhere.
            int k = i % 4 == 0 ? rng.Next(n + 1) : Math.Clamp((int)Math.Round(n * p + (rng.NextDouble() - 0.5) * 6 * Math.Sqrt(n * p * (1 - p) + 1)), 0, n);
            cases.Add((k, n, p));
        }
        string json = JsonSerializer.Serialize(cases.Select(c => new[] { c.K, c.N, c.P }));
        var scipy = Python.Json("import sys, json; from scipy.stats import binomtest; " +
                                "print(json.dumps([binomtest(int(k), int(n), p).pvalue for k, n, p in json.loads(sys.argv[1])]))", json);
        for (int i = 0; i < cases.Count; i++)
        {
            var (k, n, p) = cases[i];
            double expected = scipy[i].GetDouble(), actual = Binomial.TwoSidedP(k, n, p);
            Assert.True(Math.Abs(actual - expected) <= 1e-7 * expected + 1e-300,
                        $"k = {k}, n = {n}, p = {p}: scipy {expected:R}, TidyGan {actual:R}");
        }
    }

    [Fact]
    public void BinomialEdgeCasesAreDefined()
    {
        Assert.Equal(1.0, Binomial.TwoSidedP(0, 0));             // no data, no evidence
        Assert.Equal(1.0, Binomial.TwoSidedP(0, 5, 0));          // the only possible outcome
        Assert.Equal(0.0, Binomial.TwoSidedP(1, 5, 0));          // impossible under H₀
        Assert.Equal(0.0, Binomial.TwoSidedP(100_000, 100_000)); // 2^-99999 underflows
        Assert.Throws<ArgumentException>(() => Binomial.TwoSidedP(6, 5));
        Assert.Throws<ArgumentException>(() => Binomial.TwoSidedP(1, 5, 1.5));
    }

    [Fact]
    public void LogFactorialIsExactBelow171AndContinuousBeyond()
    {
        Assert.Equal(Math.Log(3628800), Binomial.LogFactorial(10), 12);
        // log 171! = log 170! + log 171: the Stirling branch joins the exact table seamlessly.
        AssertRelative(Binomial.LogFactorial(170) + Math.Log(171), Binomial.LogFactorial(171), 1e-14);
        AssertRelative(Binomial.LogFactorial(99_999) + Math.Log(100_000), Binomial.LogFactorial(100_000), 1e-14);
    }

    // ---- Wilson score interval --------------------------------------------------------------------------------

    // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval without continuity
    // correction), to the four decimals printed there.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void WilsonIntervalsMatchNewcombe1998(int k, int n, double lower, double upper)
    {
        var (lo, hi) = Wilson.Interval(k, n);
        Assert.Equal(lower, lo, 4);
        Assert.Equal(upper, hi, 4);
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void WilsonIntervalsMatchScipyProportionCi()
    {
        (int K, int N)[] cases = [(0, 1), (1, 1), (13, 20), (29, 29), (7, 100), (594, 1000), (3, 5)];
        string json = JsonSerializer.Serialize(cases.Select(c => new[] { c.K, c.N }));
        var scipy = Python.Json("import sys, json; from scipy.stats import binomtest; " +
                                "print(json.dumps([list(binomtest(k, n).proportion_ci(method='wilson')) for k, n in json.loads(sys.argv[1])]))", json);
        for (int i = 0; i < cases.Length; i++)
        {
            var (lo, hi) = Wilson.Interval(cases[i].K, cases[i].N);
            // scipy uses the exact z = Φ⁻¹(0.975) = 1.95996398…, we use 1.959964: equal to ~1e-7.
            Assert.Equal(scipy[i][0].GetDouble(), lo, 6);
            Assert.Equal(scipy[i][1].GetDouble(), hi, 6);
        }
    }

    [Fact]
    public void ProportionOfNothingIsZeroWithTheWholeInterval()
    {
        Assert.Equal(new Proportion(0, 0, 0, 0, 1), Proportion.Of(0, 0));
        var all = Proportion.Of(20, 20);
        Assert.Equal((1.0, 1.0), (all.Value, all.Upper));
        Assert.Equal(0.8389, all.Lower, 4);                      // 20/(20 + z²)
        Assert.Throws<ArgumentException>(() => Wilson.Interval(3, 2));
    }

    // ---- Cohen's and Fleiss' kappa ----------------------------------------------------------------------------

    [Fact]
    public void CohenKappaOfTheTextbookTableIs0Point4()
    {
        // Wikipedia, "Cohen's kappa", simple example: 20 both yes, 5 A yes B no, 10 A no B yes, 15 both no.
        // p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        Assert.Equal(0.4, CohenKappa.FromTable(new[,] { { 20, 5 }, { 10, 15 } }), 12);
        // Wikipedia's "same agreement, different κ" pair (the κ paradox): p_o = 0.60 in both.
        Assert.Equal(0.1304, CohenKappa.FromTable(new[,] { { 45, 15 }, { 25, 15 } }), 4);
        Assert.Equal(0.2593, CohenKappa.FromTable(new[,] { { 25, 35 }, { 5, 35 } }), 4);
    }

    [Fact]
    public void CohenKappaIsNanOnlyWhenChanceAgreementIsCertain()
    {
        Assert.True(double.IsNaN(CohenKappa.FromCalls([true, true, true], [true, true, true])));   // p_e = 1: 0/0
        Assert.True(double.IsNaN(CohenKappa.FromCalls([], [])));
        Assert.Equal(0.0, CohenKappa.FromCalls([true, true, true, true], [true, false, true, false]), 12); // one constant rater
        Assert.Equal(-1.0, CohenKappa.FromCalls([true, false], [false, true]), 12);
        Assert.Equal(1.0, CohenKappa.FromCalls([true, false, false], [true, false, false]), 12);
    }

    [Fact]
    public void FleissKappaOfTheWikipediaTableIs0Point210()
    {
        // Wikipedia, "Fleiss' kappa", worked example: 10 items, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213.
        int[,] counts =
        {
            { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 }, { 2, 2, 8, 1, 1 },
            { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 }, { 0, 2, 2, 3, 7 },
        };
        var (kappa, observed) = FleissKappa.FromCounts(counts);
        Assert.Equal(0.210, kappa, 3);
        Assert.Equal(0.20993070442195522, kappa, 12);            // numpy, same formula
        Assert.Equal(0.378, observed, 3);
    }

    [Fact]
    public void FleissKappaRejectsRaggedTablesAndIsNanWhenEveryoneSaysTheSame()
    {
        Assert.Throws<ArgumentException>(() => FleissKappa.FromCounts(new[,] { { 2, 1 }, { 1, 1 } }));
        Assert.Throws<ArgumentException>(() => FleissKappa.FromCounts(new[,] { { 1, 0 } }));
        Assert.True(double.IsNaN(FleissKappa.FromCounts(new[,] { { 3, 0 }, { 3, 0 } }).Kappa));
        Assert.Equal(1.0, FleissKappa.FromCounts(new[,] { { 3, 0 }, { 0, 3 } }).Kappa, 12);
    }

    // ---- ROC AUC ----------------------------------------------------------------------------------------------

    [Fact]
    public void RocAucCountsTiesAsHalf()
    {
        // Positives 3, 1, 1 against negatives 1, 0: pairs won 2 + (½ + 1) + (½ + 1) = 5 of 6.
        Assert.Equal(5.0 / 6, RocAuc.FromScores([3, 1, 1, 1, 0], [true, true, true, false, false])!.Value, 12);
        Assert.Equal(0.5, RocAuc.FromScores([2, 2, 2, 2], [true, false, true, false])!.Value, 12);
        Assert.Equal(0.0, RocAuc.FromScores([0, 1], [true, false])!.Value, 12);
        Assert.Null(RocAuc.FromScores([1, 2], [true, true]));
        Assert.Null(RocAuc.FromScores([], []));
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void RocAucFromRatingsMatchesScipyMannWhitney()
    {
        var rng = new Random(3);
        var answers = Enumerable.Range(0, 300).Select(i =>
        {
            bool synthetic = i % 3 != 0;
            bool called = rng.NextDouble() < (synthetic ? 0.65 : 0.4);
            return new TuringAnswer("r", $"i{i}", synthetic, called, rng.Next(1, 6), 1);
        }).ToList();
        var positives = answers.Where(a => a.IsSynthetic).Select(a => a.SyntheticScore).ToArray();
        var negatives = answers.Where(a => !a.IsSynthetic).Select(a => a.SyntheticScore).ToArray();
        var u = Python.Json("import sys, json; from scipy.stats import mannwhitneyu; " +
                            "print(json.dumps(mannwhitneyu(json.loads(sys.argv[1]), json.loads(sys.argv[2])).statistic))",
                            JsonSerializer.Serialize(positives), JsonSerializer.Serialize(negatives)).GetDouble();
        Assert.Equal(u / (positives.Length * negatives.Length), RocAuc.FromRatings(answers)!.Value, 12);
    }

    [Fact]
    public void RocAucWithOneConfidenceLevelIsTheMeanOfSensitivityAndSpecificity()
    {
        var rng = new Random(5);
        var answers = Enumerable.Range(0, 60).Select(i => new TuringAnswer("r", $"i{i}", i % 2 == 0, rng.NextDouble() < (i % 2 == 0 ? 0.7 : 0.45), 3, 1)).ToList();
        var row = TuringStatistics.Describe("r", answers);
        Assert.Equal((row.Sensitivity.Value + row.Specificity.Value) / 2, row.RocAuc!.Value, 12);
    }

    // ---- the whole summary on a small hand-computed study -----------------------------------------------------

    private static readonly TuringAnswer[] Study =
    [
        // ann: all 8 images, 6 correct (3/4 synthetic, 3/4 real).
        new("ann", "s1", true, true, 5, 1), new("ann", "s2", true, true, 4, 2), new("ann", "s3", true, false, 2, 3),
        new("ann", "s4", true, true, 3, 4), new("ann", "r1", false, false, 5, 5), new("ann", "r2", false, false, 4, 6),
        new("ann", "r3", false, true, 1, 7), new("ann", "r4", false, false, 3, 8),
        // bob: all 8 images, 4 correct (2/4, 2/4).
        new("bob", "s1", true, true, 2, 10), new("bob", "s2", true, false, 3, 10), new("bob", "s3", true, false, 1, 10),
        new("bob", "s4", true, true, 2, 10), new("bob", "r1", false, false, 2, 20), new("bob", "r2", false, true, 2, 20),
        new("bob", "r3", false, true, 4, 20), new("bob", "r4", false, false, 1, 20),
        // cy: only s1, s2, r1, r2; 3 correct (2/2, 1/2).
        new("cy", "s1", true, true, 5, 3), new("cy", "s2", true, true, 5, 1), new("cy", "r1", false, true, 1, 2),
        new("cy", "r2", false, false, 5, 10),
    ];

    [Fact]
    public void SummaryOfASmallStudyMatchesHandComputation()
    {
        var s = TuringStatistics.Summarize(Study.Reverse().ToList());   // input order must not matter
        Assert.Equal(["ann", "bob", "cy"], s.PerRater.Select(r => r.Rater));

        var ann = s.PerRater[0];
        Assert.Equal((8, 6), (ann.N, ann.Correct));
        Assert.Equal((3, 4, 3, 4), (ann.Sensitivity.Successes, ann.Sensitivity.Trials, ann.Specificity.Successes, ann.Specificity.Trials));
        Assert.Equal(0.2890625, ann.BinomialP, 12);              // scipy binomtest(6, 8)
        Assert.Equal(15.0 / 16, ann.RocAuc!.Value, 12);          // synthetic 5,4,−2,3 vs real −5,−4,1,−3: only −2 < 1
        Assert.Equal(4.5, ann.MedianSeconds);

        var bob = s.PerRater[1];
        Assert.Equal((8, 4), (bob.N, bob.Correct));
        Assert.Equal(1.0, bob.BinomialP, 12);
        Assert.Equal(6.5 / 16, bob.RocAuc!.Value, 12);           // 2.5 + 0 + 1.5 + 2.5 of 16 pairs
        Assert.Equal(15, bob.MedianSeconds);

        var cy = s.PerRater[2];
        Assert.Equal((4, 3), (cy.N, cy.Correct));
        Assert.Equal(0.625, cy.BinomialP, 12);
        Assert.Equal((1.0, 0.5), (cy.Sensitivity.Value, cy.Specificity.Value));
        Assert.Equal(1.0, cy.RocAuc!.Value, 12);
        Assert.Equal(2.5, cy.MedianSeconds);

        var all = s.Overall;
        Assert.Equal(TuringStatistics.OverallRater, all.Rater);
        Assert.Equal((20, 13), (all.N, all.Correct));
        Assert.Equal((7, 10, 6, 10), (all.Sensitivity.Successes, all.Sensitivity.Trials, all.Specificity.Successes, all.Specificity.Trials));
        Assert.Equal(0.26317596435546875, all.BinomialP, 12);    // scipy binomtest(13, 20)
        Assert.Equal(0.4328542766852363, all.Accuracy.Lower, 6); // scipy proportion_ci(method='wilson')
        Assert.Equal(0.8188081758989179, all.Accuracy.Upper, 6);
        Assert.Equal(0.79, all.RocAuc!.Value, 12);               // scipy mannwhitneyu U = 79 of 100 pairs
        Assert.Equal(7.5, all.MedianSeconds);

        // Cohen: ann–bob 3/1/1/3 of 8 → κ = 0.5; ann–cy on s1,s2,r1,r2 p_o = ¾, p_e = ½ → 0.5; bob–cy p_o = ¼ → −0.5.
        Assert.Equal([("ann", "bob", 8), ("ann", "cy", 4), ("bob", "cy", 4)], s.CohenKappas.Select(p => (p.A, p.B, p.Items)));
        Assert.Equal([0.5, 0.5, -0.5], s.CohenKappas.Select(p => Math.Round(p.Kappa, 12)));
        Assert.Equal([0.75, 0.75, 0.25], s.CohenKappas.Select(p => p.ObservedAgreement));

        // Fleiss over s1,s2,r1,r2 (synthetic/real counts 3/0, 2/1, 1/2, 1/2): P̄ = ½, P̄e = 74/144 → κ = −1/35.
        Assert.NotNull(s.Fleiss);
        Assert.Equal((4, 3), (s.Fleiss!.Items, s.Fleiss.Raters));
        Assert.Equal(-1.0 / 35, s.Fleiss.Kappa, 12);
        Assert.Equal(0.5, s.Fleiss.ObservedAgreement, 12);
    }

    [Fact]
    public void EmptyAndSingleRaterStudiesAreNanFree()
    {
        var empty = TuringStatistics.Summarize([]);
        Assert.Equal(0, empty.Overall.N);
        Assert.Equal(new Proportion(0, 0, 0, 0, 1), empty.Overall.Accuracy);
        Assert.Equal((1.0, 0.0), (empty.Overall.BinomialP, empty.Overall.MedianSeconds));
        Assert.Null(empty.Overall.RocAuc);
        Assert.Empty(empty.PerRater);
        Assert.Empty(empty.CohenKappas);
        Assert.Null(empty.Fleiss);

        // One rater who saw only real images and called them all real.
        var one = TuringStatistics.Summarize([new("solo", "r1", false, false, 3, 2), new("solo", "r2", false, false, 4, 4)]);
        Assert.Equal(new Proportion(0, 0, 0, 0, 1), one.PerRater[0].Sensitivity);
        Assert.Equal(1.0, one.PerRater[0].Specificity.Value);
        Assert.Null(one.PerRater[0].RocAuc);
        Assert.Null(one.Fleiss);
        Assert.Empty(one.CohenKappas);
        string text = TuringReportText.Markdown(one);
        Assert.DoesNotContain("NaN", text);
    }

    [Fact]
    public void RatersWithIdenticalConstantAnswersGetAnUndefinedKappa()
    {
        var s = TuringStatistics.Summarize(
        [
            new("a", "x", true, true, 2, 1), new("a", "y", false, true, 2, 1),
            new("b", "x", true, true, 2, 1), new("b", "y", false, true, 2, 1),
            new("c", "z", true, true, 2, 1),                     // no item in common with a or b
        ]);
        Assert.False(s.CohenKappas[0].IsDefined);                 // a–b: p_e = 1
        Assert.Equal((2, 1.0), (s.CohenKappas[0].Items, s.CohenKappas[0].ObservedAgreement));
        Assert.Equal(0, s.CohenKappas[1].Items);                  // a–c: nothing to compare
        Assert.False(s.CohenKappas[1].IsDefined);
        Assert.Null(s.Fleiss);                                    // no item answered by all three
        Assert.Contains("| a | b | 2 | 100.0% | undefined |", TuringReportText.Markdown(s));
    }

    [Theory]
    [InlineData("", "i", 3, 1.0, "rater name is empty")]
    [InlineData("r", "", 3, 1.0, "item id is empty")]
    [InlineData("r", "i", 0, 1.0, "confidence must be 1–5")]
    [InlineData("r", "i", 6, 1.0, "confidence must be 1–5")]
    [InlineData("r", "i", 3, -1.0, "seconds must be finite")]
    [InlineData("r", "i", 3, double.NaN, "seconds must be finite")]
    public void MalformedAnswersAreRejectedWithAMessage(string rater, string item, int confidence, double seconds, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => TuringStatistics.Summarize([new(rater, item, true, true, confidence, seconds)]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void DuplicateAnswersAndInconsistentTruthAreRejected()
    {
        var twice = Assert.Throws<ArgumentException>(() => TuringStatistics.Summarize([new("r", "i", true, true, 3, 1), new("r", "i", true, false, 3, 1)]));
        Assert.Contains("answered this item twice", twice.Message);
        var truth = Assert.Throws<ArgumentException>(() => TuringStatistics.Summarize([new("r", "i", true, true, 3, 1), new("q", "i", false, false, 3, 1)]));
        Assert.Contains("synthetic in one answer and real in another", truth.Message);
    }

    // ---- Markdown report --------------------------------------------------------------------------------------

    [Fact]
    public void MarkdownReportContainsTheNumbers()
    {
        string md = TuringReportText.Markdown(TuringStatistics.Summarize(Study));
        Assert.Contains("20 answers from 3 raters: 10 on synthetic images, 10 on real ones.", md);
        Assert.Contains("| ann | 8 | 6 | 75.0% (40.9–92.9%; 6/8) | 75.0% (30.1–95.4%; 3/4) | 75.0% (30.1–95.4%; 3/4) | 0.289 | 0.938 | 4.5 |", md);
        Assert.Contains("| **all raters (pooled)** | 20 | 13 | 65.0% (43.3–81.9%; 13/20) | 70.0% (39.7–89.2%; 7/10) | 60.0% (31.3–83.2%; 6/10) | 0.263 | 0.790 | 7.5 |", md);
        Assert.Contains("| bob | cy | 4 | 25.0% | -0.500 |", md);
        Assert.Contains("Fleiss' κ over the 4 images all 3 raters answered: -0.029 (observed pairwise agreement 50.0%).", md);
        Assert.Contains("not independent", md);
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
                    string.Create(CultureInfo.InvariantCulture, $"expected {expected:R}, got {actual:R} (relative tolerance {tolerance})"));
}
