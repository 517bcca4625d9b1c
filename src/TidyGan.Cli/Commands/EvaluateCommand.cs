using TidyGan.Gans;
using TidyGan.Training;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.IO;
using TidyGan.Metrics;
using TidyGan.Metrics.Features;
using TorchSharp;

namespace TidyGan.Cli.Commands;

/// <summary>
/// `tidygan evaluate`: FD, KID and precision/recall/density/coverage between real and generated images,
/// with the sample counts and the feature extractor's name and version printed beside every number.
/// </summary>
public sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : CohortSplitSettings
    {
        [CommandOption("--real <SRC>")]
        [Description("Dataset (fashion-mnist, fashion-mnist:test, ct-head, ct-head:even / :odd, folder:PATH, nifti:PATH), image folder, NIfTI file, run folder, or .npy features")]
        public string? Real { get; init; }

        [CommandOption("--fake <SRC>")]
        [Description("Same kinds as --real; a run or checkpoint folder is sampled on the fly (--n images)")]
        public string? Fake { get; init; }

        [CommandOption("--features <NAME>")]
        [Description("resnet18-imagenet (default), domain:PATH (a `tidygan features train` network) or pixels")]
        public string Features { get; init; } = "resnet18-imagenet";

        [CommandOption("--metrics <LIST>")]
        [Description("Comma-separated: fd, kid, prdc (default), cas (classification accuracy score: --fake a conditional run, --real a labelled dataset)")]
        public string Metrics { get; init; } = "fd,kid,prdc";

        [CommandOption("-n|--count <N>")]
        [Description("Images per side (default: all of a dataset, 10000 samples of a model); --n N works too")]
        public int? N { get; init; }

        [CommandOption("--size <PIXELS>")]
        [Description("Side to load dataset images at (default: 28 for fashion-mnist, 64 otherwise)")]
        public int? Size { get; init; }

        [CommandOption("--prdc-k <K>")]
        [Description("Nearest neighbours for precision/recall/density/coverage (default 5, as the prdc reference)")]
        public int K { get; init; } = 5;

        [CommandOption("--ci-reps <B>")]
        [Description("Half-samples for the FD and PRDC 95% intervals (default 30; 0 = no interval). Each costs about a quarter to a half of the metric itself")]
        public int CiReps { get; init; } = 30;

        [CommandOption("--json <FILE>")]
        public string? Json { get; init; }

        [CommandOption("--seed <S>")]
        public int Seed { get; init; }

        public override ValidationResult Validate()
        {
            if (Real is null || Fake is null) return ValidationResult.Error("--real SRC and --fake SRC are required");
            if (N is < 2) return ValidationResult.Error($"--n must be at least 2 (got {N})");
            if (K < 1) return ValidationResult.Error($"--prdc-k must be positive (got {K})");
            if (CiReps is < 0 or 1) return ValidationResult.Error($"--ci-reps must be 0 (no interval) or at least 2 (got {CiReps})");
            var unknown = ParseMetrics(Metrics).Except(["fd", "kid", "prdc", "cas"]).ToList();
            return unknown.Count > 0 ? ValidationResult.Error($"--metrics: unknown {string.Join(", ", unknown)} (known: fd, kid, prdc, cas)") : ValidationResult.Success();
        }
    }

    internal static IReadOnlyList<string> ParseMetrics(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant()).Distinct().ToList();

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var metrics = ParseMetrics(settings.Metrics);
        var scores = new List<MetricScore>();
        if (metrics.Contains("cas")) scores.AddRange(ClassificationScore(settings));
        if (!metrics.Intersect(["fd", "kid", "prdc"]).Any())
        {
            Show(scores, settings.Real!, settings.Fake!, "classifier", "ImageClassifier", settings);
            if (settings.Json is { } casJson) WriteJson(casJson, scores, settings.Real!, settings.Fake!, "classifier", "ImageClassifier", settings);
            UpdateCard(scores, settings.Real!, settings);
            return 0;
        }
        using var extractor = settings.Real!.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) && settings.Fake!.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
            ? null : FeatureExtractors.Create(settings.Features);
        var split = settings.SplitFlags;
        var (real, realText) = FeatureSource.Load(settings.Real!, extractor, settings.N, settings.Size, settings.Seed, split);
        var (fake, fakeText) = FeatureSource.Load(settings.Fake!, extractor, settings.N, settings.Size, settings.Seed + 1, split);
        using var realFeatures = real;
        using var fakeFeatures = fake;
        string extractorName = extractor?.Name ?? "precomputed", extractorVersion = extractor?.Version ?? "npy";
        int nReal = (int)real.shape[0], nFake = (int)fake.shape[0];

        AnsiConsole.Status().Start("Computing metrics…", status =>
        {
            // KID and PRDC share their Gram matrices (one pass instead of two) when both are wanted and it pays.
            (KidScore Kid, PrdcScore Prdc)? shared = null;
            if (metrics.Contains("kid") && metrics.Contains("prdc") && SharedGramMetrics.Pays(nReal, nFake, 100, 1000)
                && nReal > settings.K && nFake > settings.K && Math.Min(nReal, nFake) >= 2)
            {
                status.Status("KID and precision/recall/density/coverage (one Gram pass)…");
                shared = SharedGramMetrics.Compute(real, fake, settings.K, seed: settings.Seed);
            }
            if (metrics.Contains("fd"))
            {
                status.Status("Fréchet distance…");
                // Not the naive bootstrap: resampling with replacement duplicates rows, which biases FD upwards
                // (measured on Fashion-MNIST pixels, n = 2000: FD 7.97, bootstrap "interval" 14.2…14.8). Half-samples
                // without replacement (Subsampling) keep every row distinct.
                // A half-sample with no more rows than features has a singular covariance; FD there does not vary like FD at n
                // (measured: ct-head, 51 vs 51 slices, 128-d: FD 0.43, "interval" −46 … 47), so no interval rather than a wrong one.
                long width = real.shape[1];
                SubsamplingInterval? ci = null;
                if (Math.Min(nReal, nFake) / 2 > width)
                    ci = Interval(settings, nReal, nFake, "fd", (r, f) => [FrechetDistance.Compute(Rows(real, r), Rows(fake, f))], status)?[0];
                else if (settings.CiReps > 0)
                    AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] no FD interval: half-samples of {Math.Min(nReal, nFake) / 2} rows are not more than the {width} features (singular covariances).");
                double fd = ci?.Value ?? FrechetDistance.Compute(real, fake);      // the interval's centre is the full-sample value
                scores.Add(new MetricScore("fd", fd, ci?.Low, ci?.High, nReal, nFake, extractorName, extractorVersion, ci is null ? null : HalfSampling(ci)));
            }
            if (metrics.Contains("kid"))
            {
                status.Status("Kernel inception distance…");
                var kid = shared?.Kid ?? KernelInceptionDistance.Compute(real, fake, seed: settings.Seed);
                if (kid.SubsetSize < Math.Max(nReal, nFake))
                    // KID's own spread over subsets: mean ± 1.96 standard errors.
                    scores.Add(new MetricScore("kid", kid.Mean, kid.Mean - 1.96 * kid.StandardError, kid.Mean + 1.96 * kid.StandardError, nReal, nFake, extractorName, extractorVersion,
                        $"mean ± 1.96 SE over {kid.Subsets} subsets of {kid.SubsetSize}"));
                else
                {
                    // n ≤ subset size: every "subset" is the whole set and their spread is 0, so use half-samples as for FD.
                    var ci = Interval(settings, nReal, nFake, "kid",
                        (r, f) => [KernelInceptionDistance.UnbiasedMmd2(Rows(real, r), Rows(fake, f))], status)?[0];
                    scores.Add(new MetricScore("kid", kid.Mean, ci?.Low, ci?.High, nReal, nFake, extractorName, extractorVersion, ci is null ? null : HalfSampling(ci)));
                }
            }
            if (metrics.Contains("prdc"))
            {
                status.Status("Precision, recall, density, coverage…");
                // Half-samples again: bootstrap duplicates would be each other's nearest neighbours and shrink the k-NN radii.
                double[] Prdc(int[]? r, int[]? f)
                {
                    bool full = (r is null || r.Length == nReal) && (f is null || f.Length == nFake);
                    var p = full && shared is { } sh ? sh.Prdc
                        : PrecisionRecallDensityCoverage.Compute(r is null ? real : Rows(real, r), f is null ? fake : Rows(fake, f), settings.K);
                    return [p.Precision, p.Recall, p.Density, p.Coverage];
                }
                var ci = Interval(settings, nReal, nFake, "prdc", Prdc, status);
                var values = ci?.Select(c => c.Value).ToArray()
                    ?? Prdc(null, null);
                string[] names = ["precision", "recall", "density", "coverage"];
                var parts = names.Select((name, j) => (Name: name, Value: values[j])).ToArray();
                for (int j = 0; j < parts.Length; j++)
                {
                    // Precision, recall and coverage are fractions, density is ≥ 0: clip the normal interval to where the value can lie.
                    double? low = ci is null ? null : Math.Max(0, ci[j].Low), high = ci is null ? null : j == 2 ? ci[j].High : Math.Min(1, ci[j].High);
                    scores.Add(new MetricScore($"{parts[j].Name}@k{settings.K}", parts[j].Value, low, high, nReal, nFake, extractorName, extractorVersion,
                        ci is null ? null : HalfSampling(ci[j])));
                }
            }
        });

        Show(scores, realText, fakeText, extractorName, extractorVersion, settings);
        if (settings.Json is { } json) WriteJson(json, scores, realText, fakeText, extractorName, extractorVersion, settings);
        UpdateCard(scores, realText, settings);
        return 0;
    }

    /// <summary>When --fake is a run, its model card gets (or replaces) an "evaluate" section with these scores.</summary>
    private static void UpdateCard(List<MetricScore> scores, string real, Settings settings)
    {
        if (!RunCards.IsRun(settings.Fake!)) return;
        RunCards.Report(() =>
        {
            var manifest = Checkpoint.ReadManifest(Checkpoint.Resolve(settings.Fake!));
            var values = scores.Select(s => new CardMetric(s.Name, s.Value, s.Low, s.High, s.NFake, s.NReal, $"{s.Extractor} {s.ExtractorVersion}", Note: s.IntervalMethod)).ToList();
            var notes = new List<string> { $"seed {settings.Seed}; FD is biased by n: compare only scores with equal n and extractor (docs/evaluation.md)" };
            return RunCards.AddMetrics(settings.Fake!, new CardMetrics("evaluate", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), manifest.Step,
                Checkpoint.Resolve(settings.Fake!), real, values, notes));
        });
    }

    /// <summary>Half-sampling intervals (<see cref="Subsampling"/>) with --ci-reps subsets; null when switched off or n is too small.</summary>
    private static SubsamplingInterval[]? Interval(Settings settings, int nReal, int nFake, string what, Func<int[], int[], double[]> metric, StatusContext status)
    {
        if (settings.CiReps == 0) return null;
        int min = what == "prdc" ? settings.K + 1 : 2;
        if (nReal / 2 < min || nFake / 2 < min)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] no {what} interval: half of n real = {nReal} / n fake = {nFake} is below the {min} samples a subset needs.");
            return null;
        }
        int done = 0;
        return Subsampling.ConfidenceIntervals((r, f) =>
        {
            status.Status($"{what}: 95% interval, half-sample {++done} of {settings.CiReps + 1}…");
            using var scope = torch.NewDisposeScope();
            return metric(r, f);
        }, nReal, nFake, settings.CiReps, seed: settings.Seed);
    }

    private static torch.Tensor Rows(torch.Tensor x, int[] rows) =>
        rows.Length == x.shape[0] ? x : x.index_select(0, torch.tensor(rows, torch.int64));

    private static string HalfSampling(SubsamplingInterval ci) =>
        $"value ± 1.96 SE, SE from {ci.Subsets} half-samples without replacement ({ci.SubsetReal} real, {ci.SubsetFake} fake; delete-d jackknife); covers E[metric] at this n";

    /// <summary>CAS (Ravuri 2019) of a conditional run against a labelled dataset's test split, with its real-data baseline.</summary>
    private static IEnumerable<MetricScore> ClassificationScore(Settings settings)
    {
        using var model = CheckpointLoader.Load<IImageGenerator>(settings.Fake!, torch.CPU);
        if (model.Gan.ClassCount == 0) throw new ArgumentException($"--metrics cas needs a conditional model; {settings.Fake} holds a {model.Manifest.Kind.Name()}");
        string name = settings.Real!.EndsWith(":test", StringComparison.Ordinal) ? settings.Real[..^5] : settings.Real;
        int n = settings.N ?? 10_000, size = model.Data.Size;
        using var train = TidyGan.Data.Datasets.Load(name, new TidyGan.Data.DatasetOptions(Size: size, Train: true, Limit: n, Seed: settings.Seed));
        using var test = TidyGan.Data.Datasets.Load(name, new TidyGan.Data.DatasetOptions(Size: size, Train: false, Seed: settings.Seed));
        if (train.Labels is null || test.Labels is null) throw new ArgumentException($"--metrics cas needs a labelled dataset; '{name}' has no labels");
        if (train.ClassCount != model.Gan.ClassCount)
            throw new ArgumentException($"--metrics cas: '{name}' has {train.ClassCount} classes, the model {model.Gan.ClassCount}");
        using var random = new torch.Generator((ulong)settings.Seed);
        var score = AnsiConsole.Status().Start($"Classification accuracy score: sampling {n} images, training two classifiers…", _ =>
        {
            using var fake = model.Sample(n, random);
            using var labels = torch.arange(n, dtype: torch.int64).remainder(model.Gan.ClassCount);   // Sample cycles through the classes
            return ClassificationAccuracyScore.Compute(fake, labels, train.Images, train.Labels, test.Images, test.Labels, model.Gan.ClassCount, seed: settings.Seed);
        });
        const string Judge = "classifier", Version = "ImageClassifier/3 epochs";
        yield return new MetricScore("cas", score.Accuracy, null, null, score.TestCount, score.TrainCount, Judge, Version);
        yield return new MetricScore("cas-real-baseline", score.RealBaseline, null, null, score.TestCount, score.TrainCount, Judge, Version);
    }

    private static void Show(List<MetricScore> scores, string real, string fake, string extractor, string version, Settings settings)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"real: {Markup.Escape(real)}  |  fake: {Markup.Escape(fake)}")
            .AddColumns("metric", "value", "95% interval", "n real", "n fake", "features");
        foreach (var s in scores)
            table.AddRow(s.Name, s.Value.ToString("G5", CultureInfo.InvariantCulture),
                s.Low is { } lo && s.High is { } hi ? $"{lo.ToString("G4", CultureInfo.InvariantCulture)} … {hi.ToString("G4", CultureInfo.InvariantCulture)}" : "—",
                s.NReal.ToString(CultureInfo.InvariantCulture), s.NFake.ToString(CultureInfo.InvariantCulture), Markup.Escape($"{extractor} {version}"));
        AnsiConsole.Write(table);
        if (scores.Any(s => s.Name == "fd" && s.NReal != s.NFake))
            AnsiConsole.MarkupLine("[yellow]warning:[/] n real ≠ n fake; Fréchet distances are biased by n — compare only scores with equal n and extractor.");
        AnsiConsole.MarkupLine($"[grey]KID interval = mean ± 1.96 SE over its subsets; FD and PRDC: value ± 1.96 SE from {settings.CiReps} half-samples " +
                               $"without replacement (they cover the metric's expectation at this n, not a bias-free value; see docs/evaluation.md); seed {settings.Seed}[/]");
    }

    private static void WriteJson(string path, List<MetricScore> scores, string real, string fake, string extractor, string version, Settings settings)
    {
        var json = new JsonObject
        {
            ["tidygan"] = JsonReport.ToolVersion,
            ["real"] = real,
            ["fake"] = fake,
            ["extractor"] = new JsonObject { ["name"] = extractor, ["version"] = version },
            ["n_real"] = scores.FirstOrDefault()?.NReal,
            ["n_fake"] = scores.FirstOrDefault()?.NFake,
            ["seed"] = settings.Seed,
            ["metrics"] = new JsonArray(scores.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name, ["value"] = s.Value, ["ci_low"] = s.Low, ["ci_high"] = s.High, ["ci_level"] = s.Low is null ? null : 0.95,
                ["ci_method"] = s.IntervalMethod,
            }).ToArray()),
        };
        JsonReport.Write(path, json);
        AnsiConsole.MarkupLineInterpolated($"json: {path}");
    }
}
