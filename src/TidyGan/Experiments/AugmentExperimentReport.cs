using System.Globalization;
using System.Text;
using System.Text.Json;
using TidyGan.IO;
using TidyGan.Training;

namespace TidyGan.Experiments;

/// <summary>Mean ± sd of one arm at one imbalance level (arm (e) is repeated under every level).</summary>
public sealed record ArmSummary(string Arm, double Level, MeanSd BalancedAccuracy, MeanSd MacroF1, MeanSd MinorityRecall, MeanSd Accuracy, MeanSd Seconds);

/// <summary>(c) minus the better classic remedy (b1 or b2, by mean balanced accuracy) at one level, paired by seed.</summary>
public sealed record Comparison(double Level, string BestRemedy, MeanSd BalancedAccuracyGain, MeanSd MacroF1Gain, MeanSd MinorityRecallGain);

/// <summary>Per-class C-GAN scores averaged over seeds.</summary>
public sealed record ClassGanSummary(double Level, int Class, string Name, bool Minority, int KeptReal, int N, MeanSd Fd, MeanSd FdRealFloor, MeanSd Precision, MeanSd Recall);

/// <summary>Everything the augment experiment found, gathered from its result files: results.json and results.md.</summary>
public sealed record AugmentExperimentReport(
    AugmentExperimentOptions Options, IReadOnlyList<string> ClassNames, IReadOnlyList<int> MinorityClasses, IReadOnlyList<int> TrainCounts,
    int MajorityMedian, IReadOnlyList<ArmResult> Runs, IReadOnlyList<GanScores> Gans, IReadOnlyList<ArmSummary> Summary,
    IReadOnlyList<Comparison> Comparisons, IReadOnlyList<ClassGanSummary> GanSummary, IReadOnlyDictionary<int, double> SecondsPerSeed)
{
    public static AugmentExperimentReport Collect(string output, AugmentExperimentOptions options, IReadOnlyList<string> classNames,
        IReadOnlyList<int> minority, IReadOnlyList<int> counts, int median)
    {
        var runs = new List<ArmResult>();
        var gans = new List<GanScores>();
        foreach (var seed in options.SeedList)
        {
            var seedDir = Path.Combine(output, AugmentExperiment.SeedFolder(seed));
            runs.AddRange(Read<ArmResult>(Path.Combine(seedDir, "e-full-real", AugmentExperiment.ResultFile)));
            foreach (var level in options.Levels)
            {
                var levelDir = Path.Combine(seedDir, AugmentExperiment.LevelFolder(level));
                foreach (var arm in new[] { "a", "b1", "b2", "c", "d" }) runs.AddRange(Read<ArmResult>(Path.Combine(levelDir, arm, AugmentExperiment.ResultFile)));
                gans.AddRange(Read<GanScores>(Path.Combine(levelDir, "cgan-scores", AugmentExperiment.ResultFile)));
            }
        }
        var summary = new List<ArmSummary>();
        var comparisons = new List<Comparison>();
        foreach (var level in options.Levels)
        {
            foreach (var arm in AugmentArms.All)
            {
                var r = runs.Where(x => x.Arm == arm && (arm == AugmentArms.FullReal || x.Level == level)).ToList();
                summary.Add(new ArmSummary(arm, level, MeanSd.Of(r.Select(x => x.BalancedAccuracy)), MeanSd.Of(r.Select(x => x.MacroF1)),
                    MeanSd.Of(r.Select(x => x.MinorityRecall)), MeanSd.Of(r.Select(x => x.Accuracy)), MeanSd.Of(r.Select(x => x.Seconds))));
            }
            var best = new[] { AugmentArms.ClassWeighted, AugmentArms.OversampleAugment }
                .OrderByDescending(a => summary.First(s => s.Arm == a && s.Level == level).BalancedAccuracy.Mean is var m && double.IsNaN(m) ? double.MinValue : m).First();
            var pairs = options.SeedList
                .Select(seed => (c: runs.FirstOrDefault(x => x.Arm == AugmentArms.WithCGan && x.Level == level && x.Seed == seed),
                                 b: runs.FirstOrDefault(x => x.Arm == best && x.Level == level && x.Seed == seed)))
                .Where(p => p.c is not null && p.b is not null).ToList();
            comparisons.Add(new Comparison(level, best, MeanSd.Of(pairs.Select(p => p.c!.BalancedAccuracy - p.b!.BalancedAccuracy)),
                MeanSd.Of(pairs.Select(p => p.c!.MacroF1 - p.b!.MacroF1)), MeanSd.Of(pairs.Select(p => p.c!.MinorityRecall - p.b!.MinorityRecall))));
        }
        var ganSummary = gans.SelectMany(g => g.Classes.Select(c => (g.Level, c))).GroupBy(x => (x.Level, x.c.Class))
            .Select(g => new ClassGanSummary(g.Key.Level, g.Key.Class, g.First().c.Name, g.First().c.Minority, g.First().c.KeptReal, g.First().c.N,
                MeanSd.Of(g.Select(x => x.c.Fd)), MeanSd.Of(g.Select(x => x.c.FdRealFloor)), MeanSd.Of(g.Select(x => x.c.Precision)), MeanSd.Of(g.Select(x => x.c.Recall))))
            .OrderBy(s => s.Level).ThenBy(s => s.Class).ToList();
        var seconds = options.SeedList.ToDictionary(seed => seed,
            seed => runs.Where(r => r.Seed == seed).Sum(r => r.Seconds) + gans.Where(g => g.Seed == seed).Sum(g => g.TrainSeconds + g.SynthesisSeconds));
        return new AugmentExperimentReport(options, classNames, minority, counts, median, runs, gans, summary, comparisons, ganSummary, seconds);
    }

    private static IEnumerable<T> Read<T>(string file)
    {
        if (AugmentExperiment.Read<T>(file) is { } value) yield return value;
    }

    public void Write(string output)
    {
        ResultsWriter.Write(output, JsonSerializer.SerializeToNode(this, JsonOptions)!, Markdown());
    }

    private static readonly JsonSerializerOptions JsonOptions = new(Checkpoint.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>"+1.2 points balanced accuracy at 1%": the plain statement the issue asks for, one clause per level.</summary>
    public string Statement() =>
        "(c) vs (b): " + string.Join("; ", Comparisons.Select(c =>
            $"{Signed(c.BalancedAccuracyGain)} points balanced accuracy at {Percent(c.Level)} (vs {c.BestRemedy}, the better remedy there; " +
            $"macro F1 {Signed(c.MacroF1Gain)}, minority recall {Signed(c.MinorityRecallGain)})")) + ".";

    public string Markdown()
    {
        var md = new StringBuilder();
        var o = Options;
        md.AppendLine("# Synthetic data as a proxy for training data: results").AppendLine();
        md.AppendLine($"Data: {o.Data}; minority classes: {string.Join(", ", MinorityClasses.Select(c => $"{c} {ClassNames[c]}"))}; " +
                      $"seeds: {string.Join(", ", o.SeedList)}; budget: {o.Budget} (C-GAN {o.GanSteps} steps, batch {o.GanBatch}, width {o.GanWidth}; " +
                      $"classifier {o.ClassifierBudget.Steps} steps, batch {o.ClassifierBudget.BatchSize}, width {o.ClassifierBudget.Width}, Adam {o.ClassifierBudget.LearningRate}).");
        md.AppendLine($"Arm (c) fills each minority class up to {o.SyntheticRatio:0.##} × {MajorityMedian} (median majority-class count) with C-GAN samples; " +
                      $"arm (d) uses {o.CasPerClass ?? MajorityMedian} C-GAN samples per class. Scores on the untouched real test set, mean ± sd over seeds, in %.").AppendLine();
        md.AppendLine(Statement()).AppendLine();
        foreach (var level in o.Levels)
        {
            md.AppendLine($"## Minority classes kept at {Percent(level)}").AppendLine();
            md.AppendLine("| arm | balanced accuracy | macro F1 | minority recall | accuracy | seeds | seconds per run |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var s in Summary.Where(s => s.Level == level))
                md.AppendLine($"| {AugmentArms.Describe(s.Arm)} | {Points(s.BalancedAccuracy)} | {Points(s.MacroF1)} | {Points(s.MinorityRecall)} | {Points(s.Accuracy)} | {s.BalancedAccuracy.N} | {s.Seconds.Mean:F0} |");
            md.AppendLine();
        }
        md.AppendLine("## The C-GAN's samples per class").AppendLine();
        md.AppendLine($"Features: the 128-d penultimate layer of each seed's arm-(e) classifier (ImageClassifier width {o.ClassifierBudget.Width}, trained on the full real training set). " +
                      "FD and precision/recall (k = 5) of C-GAN samples against real test " +
                      "images of the class, n per side as listed; the FD floor is real training vs real test images at the same n (FD is biased at small n). Mean ± sd over seeds.").AppendLine();
        md.AppendLine("| level | class | kept real | n | FD | FD floor (real vs real) | precision | recall |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var g in GanSummary)
            md.AppendLine($"| {Percent(g.Level)} | {g.Class} {g.Name}{(g.Minority ? " (minority)" : "")} | {g.KeptReal} | {g.N} | {Num(g.Fd)} | {Num(g.FdRealFloor)} | {Frac(g.Precision)} | {Frac(g.Recall)} |");
        md.AppendLine();
        md.AppendLine("Compute per seed (classifier runs + C-GAN training + synthesis, seconds): " +
                      string.Join(", ", SecondsPerSeed.Select(kv => $"seed {kv.Key}: {kv.Value:F0}")) + ".");
        md.AppendLine($"Tool: {JsonReport.ToolVersion}.");
        return md.ToString();
    }

    private static string Percent(double level) => $"{(100 * level).ToString("0.##", CultureInfo.InvariantCulture)}%";

    /// <summary>"81.2 ± 0.4": percentage points of a fraction.</summary>
    public static string Points(MeanSd v) => v.Format("F1", 100);

    private static string Signed(MeanSd d) => d.Format("F1", 100, signed: true);

    private static string Num(MeanSd v) => v.Format("F1");

    private static string Frac(MeanSd v) => v.Format("F2");
}
