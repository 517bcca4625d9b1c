using System.Diagnostics;
using System.Text.Json;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;
using TidyGan.Metrics;
using TidyGan.Nn;
using TidyGan.Reports;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Synthetic;

/// <summary>
/// Does synthetic data stand in for missing training data? Makes the training set imbalanced (seeded), then
/// trains one fixed classifier with one fixed budget on (a) the imbalanced set, (b) the same with the classic
/// remedies, (c) the same plus C-GAN samples of the minority classes (the C-GAN trained on (a) only, by the one
/// trainer), (d) C-GAN samples only (CAS, Ravuri 2019) and (e) the full balanced real set, and scores each on the
/// untouched real test set. Every result is a file under the output folder; a rerun skips what exists.
/// </summary>
public sealed class AugmentExperiment
{
    private readonly AugmentExperimentOptions options;
    private readonly string output;
    private int[] minority = [];

    public AugmentExperiment(AugmentExperimentOptions options, string output)
    {
        options.Validate();
        this.options = options;
        this.output = Path.GetFullPath(output);
    }

    /// <summary>A new phase (arm, C-GAN training, synthesis, scoring) begins.</summary>
    public event Action<string>? PhaseStarted;

    /// <summary>Units of work done (one per classifier or C-GAN step), out of <see cref="TotalUnits"/>.</summary>
    public event Action<long>? Advanced;

    public long TotalUnits => options.SeedList.Count * ((long)options.ClassifierBudget.Steps * (1 + 5 * options.Levels.Count) + (long)options.GanSteps * options.Levels.Count);

    public IReadOnlyList<int> MinorityClasses => minority;

    public static string LevelFolder(double level) => $"imbalance-{level.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}";

    public static string SeedFolder(int seed) => $"seed-{seed}";

    public AugmentExperimentReport Run(CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(output);
        var (train, test) = LoadData();
        using (train)
        using (test)
        {
            if (train.Labels is null || test.Labels is null || train.ClassCount < 2)
                throw new ArgumentException($"--data '{options.Data}': the experiment needs a labelled dataset with ≥ 2 classes");
            minority = (options.MinorityClasses ?? (options.Data == "fashion-mnist" ? ImbalanceSpec.FashionMnistMinority
                : Enumerable.Range(0, Math.Min(3, train.ClassCount - 1)).ToArray())).ToArray();
            new ImbalanceSpec(minority, options.Levels[0], 0).Validate(train.ClassCount);
            var counts = ImbalanceSampler.Counts(train.Labels, train.ClassCount);
            var majority = Enumerable.Range(0, counts.Length).Where(c => !minority.Contains(c)).Select(c => counts[c]).Order().ToArray();
            int median = majority[majority.Length / 2];

            foreach (var seed in options.SeedList)
            {
                cancellation.ThrowIfCancellationRequested();
                var seedDir = Path.Combine(output, SeedFolder(seed));
                var encoderFile = Path.Combine(seedDir, "e-classifier.bin");
                RunArm(Path.Combine(seedDir, "e-full-real.json"), Arms.FullReal, null, seed, train, test, ClassImbalanceRemedy.None, encoderFile);
                using var encoder = LoadClassifier(encoderFile, train);
                foreach (var level in options.Levels)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var levelDir = Path.Combine(seedDir, LevelFolder(level));
                    using var imbalanced = ImbalanceSampler.Apply(train, new ImbalanceSpec(minority, level, seed));
                    RunArm(Path.Combine(levelDir, "a.json"), Arms.Imbalanced, level, seed, imbalanced, test, ClassImbalanceRemedy.None);
                    RunArm(Path.Combine(levelDir, "b1.json"), Arms.ClassWeighted, level, seed, imbalanced, test, new ClassImbalanceRemedy(ClassWeightedLoss: true));
                    RunArm(Path.Combine(levelDir, "b2.json"), Arms.OversampleAugment, level, seed, imbalanced, test,
                        new ClassImbalanceRemedy(Oversample: true, Augmentation: ClassImbalanceRemedy.StandardAugmentation));

                    var (minorityFolder, allFolder, ganSeconds, synthSeconds) = TrainAndSynthesize(levelDir, level, seed, imbalanced, median, cancellation);
                    using (var synthetic = SyntheticSet.LoadIdx(minorityFolder))
                    using (var augmented = Concat(imbalanced, synthetic))
                        RunArm(Path.Combine(levelDir, "c.json"), Arms.WithCGan, level, seed, augmented, test, ClassImbalanceRemedy.None);
                    using var all = SyntheticSet.LoadIdx(allFolder);
                    RunArm(Path.Combine(levelDir, "d.json"), Arms.SyntheticOnly, level, seed, all, test, ClassImbalanceRemedy.None);
                    Score(Path.Combine(levelDir, "cgan-scores.json"), level, seed, encoder, train, test, imbalanced, all, ganSeconds, synthSeconds);
                    var grid = Path.Combine(output, $"samples-{LevelFolder(level)}.png");
                    if (seed == options.SeedList[0]) SampleGrid(grid, imbalanced, all);
                }
            }
            var report = AugmentExperimentReport.Collect(output, options, train.ClassNames, minority, counts, median);
            report.Write(output);
            return report;
        }
    }

    private (ImageSet Train, ImageSet Test) LoadData()
    {
        PhaseStarted?.Invoke($"loading {options.Data}");
        if (options.Data == "fashion-mnist")
        {
            int size = options.Size ?? 28;
            return (Datasets.Load("fashion-mnist", new DatasetOptions(Size: size, Limit: options.Limit)),
                    Datasets.Load("fashion-mnist", new DatasetOptions(Size: size, Train: false)));
        }
        var folder = options.Data.StartsWith("folder:", StringComparison.Ordinal) ? options.Data["folder:".Length..] : options.Data;
        if (!Directory.Exists(folder)) throw new ArgumentException($"--data '{options.Data}': neither fashion-mnist nor an existing folder");
        var load = new DatasetOptions(Size: options.Size ?? 32, Limit: options.Limit);
        string trainDir = Path.Combine(folder, "train"), testDir = Path.Combine(folder, "test");
        if (Directory.Exists(trainDir) && Directory.Exists(testDir))
        {
            var tr = ImageFolder.Load($"folder:{trainDir}", trainDir, load);
            var te = ImageFolder.Load($"folder:{testDir}", testDir, load with { Limit = null });
            if (!tr.ClassNames.SequenceEqual(te.ClassNames))
            {
                tr.Dispose(); te.Dispose();
                throw new ArgumentException($"--data '{folder}': train/ has classes {string.Join(", ", tr.ClassNames)} but test/ has {string.Join(", ", te.ClassNames)}");
            }
            return (tr, te);
        }
        using var all = ImageFolder.Load($"folder:{folder}", folder, load);
        return StratifiedSplit(all, options.TestFraction);
    }

    /// <summary>A folder without train/ and test/: hold out round(fraction · n_c) (≥ 1) images of each class, chosen with seed 0 (fixed, so every seed tests on the same images).</summary>
    public static (ImageSet Train, ImageSet Test) StratifiedSplit(ImageSet all, double fraction)
    {
        if (all.Labels is null) throw new ArgumentException($"'{all.Name}' has no class sub-folders");
        var labels = all.Labels.data<long>().ToArray();
        var testIndex = new List<long>();
        var trainIndex = new List<long>();
        for (int c = 0; c < all.ClassCount; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            if (members.Length < 2) throw new ArgumentException($"'{all.Name}': class '{all.ClassNames[c]}' has {members.Length} image(s); need ≥ 2 to hold one out for testing");
            new Random(StableSeed.Mix(0, c, 0x7E57)).Shuffle(members);
            int held = Math.Clamp((int)Math.Round(fraction * members.Length), 1, members.Length - 1);
            testIndex.AddRange(members.Take(held).Select(i => (long)i));
            trainIndex.AddRange(members.Skip(held).Select(i => (long)i));
        }
        return (Subset(all, trainIndex.Order().ToArray(), "train"), Subset(all, testIndex.Order().ToArray(), "test"));
    }

    private static ImageSet Subset(ImageSet set, long[] index, string part)
    {
        using var i = tensor(index);
        return new ImageSet
        {
            Name = $"{set.Name}:{part}", Images = set.Images.index_select(0, i), Labels = set.Labels!.index_select(0, i),
            ClassNames = set.ClassNames, Intensity = set.Intensity,
        };
    }

    private static ImageSet Concat(ImageSet real, ImageSet synthetic) => new()
    {
        Name = $"{real.Name} + synthetic", Images = cat([real.Images, synthetic.Images], 0), Labels = cat([real.Labels!, synthetic.Labels!], 0),
        ClassNames = real.ClassNames, Intensity = real.Intensity,
    };

    /// <summary>Trains and scores one classifier unless its result file exists (then only reports the skipped work).</summary>
    private void RunArm(string resultFile, string arm, double? level, int seed, ImageSet train, ImageSet test, ClassImbalanceRemedy remedy,
        string? saveWeights = null)
    {
        int steps = options.ClassifierBudget.Steps;
        if (File.Exists(resultFile) && (saveWeights is null || File.Exists(saveWeights))) { Advanced?.Invoke(steps); return; }
        PhaseStarted?.Invoke($"seed {seed}{(level is { } l ? $" {100 * l:0.##}%" : "")}: {Arms.Describe(arm)}");
        var clock = Stopwatch.StartNew();
        var budget = options.ClassifierBudget;
        torch.manual_seed(seed);                                   // same initial weights in every arm of a seed
        using var classifier = new ImageClassifier(train.Channels, train.ClassCount, budget.Width);
        ClassifierTraining.Fit(classifier, train.Images, train.Labels!, train.ClassCount, budget, remedy, seed, new Callback(_ => Advanced?.Invoke(1)));
        using var predicted = ClassifierTraining.Predict(classifier, test.Images);
        var metrics = ClassificationMetrics.FromPredictions(test.Labels!.data<long>().ToArray(), predicted.data<long>().ToArray(), train.ClassCount);
        if (saveWeights is not null)
        {
            // module.save closes its stream, so write to a temporary name and rename (atomic, like AtomicFile).
            Directory.CreateDirectory(Path.GetDirectoryName(saveWeights)!);
            var temp = saveWeights + $".tmp-{Environment.ProcessId}";
            classifier.save(temp);
            File.Move(temp, saveWeights, overwrite: true);
        }
        var result = new ArmResult(arm, level, seed, train.Count, metrics.Accuracy, metrics.BalancedAccuracy, metrics.MacroF1,
            metrics.MeanRecall(minority), metrics.Recall, metrics.F1, clock.Elapsed.TotalSeconds);
        JsonReport.Write(resultFile, JsonSerializer.SerializeToNode(result, Checkpoint.Json)!);
    }

    private ImageClassifier LoadClassifier(string file, ImageSet like)
    {
        var classifier = new ImageClassifier(like.Channels, like.ClassCount, options.ClassifierBudget.Width);
        classifier.load(file);
        classifier.eval();
        return classifier;
    }

    /// <summary>
    /// The C-GAN on the imbalanced set (through the one trainer), then two synthetic sets written with the
    /// synthesize code: the minority classes filled up to the target count (arm c) and every class (arm d).
    /// </summary>
    private (string Minority, string All, double GanSeconds, double SynthesisSeconds) TrainAndSynthesize(string levelDir, double level, int seed,
        ImageSet imbalanced, int median, CancellationToken cancellation)
    {
        var runDir = Path.Combine(levelDir, "cgan");
        string minorityFolder = Path.Combine(levelDir, "synthetic-minority"), allFolder = Path.Combine(levelDir, "synthetic-all");
        var timing = Path.Combine(levelDir, "cgan-timing.json");
        bool trained = File.Exists(timing) && TryResolve(runDir) is { } done && Checkpoint.ReadManifest(done).Step >= options.GanSteps;
        double ganSeconds = 0;
        if (!trained)
        {
            PhaseStarted?.Invoke($"seed {seed} {100 * level:0.##}%: C-GAN on the imbalanced set");
            if (Directory.Exists(runDir)) Directory.Delete(runDir, true);
            var clock = Stopwatch.StartNew();
            var trainer = new TrainerOptions
            {
                Steps = options.GanSteps, BatchSize = Math.Min(options.GanBatch, imbalanced.Count), Seed = seed, LogEvery = 50,
                SampleEvery = options.GanSteps, CheckpointEvery = options.GanSteps, KeepCheckpoints = 1,
            };
            torch.manual_seed(seed);
            using var gan = new ConditionalGan(new ConditionalGanConfig(new ConditionalGanOptions(options.GanModel(imbalanced.Height, imbalanced.Channels), imbalanced.ClassCount)));
            using (var loop = new Trainer(gan, imbalanced, DataDescription.Of(imbalanced, options.Data), trainer, runDir))
            {
                loop.Progress += _ => Advanced?.Invoke(1);
                var result = loop.Run(cancellation);
                if (!result.Completed) throw new OperationCanceledException("C-GAN training was stopped");
            }
            ganSeconds = clock.Elapsed.TotalSeconds;
            if (Directory.Exists(minorityFolder)) Directory.Delete(minorityFolder, true);
            if (Directory.Exists(allFolder)) Directory.Delete(allFolder, true);
        }
        else
        {
            Advanced?.Invoke(options.GanSteps);
            ganSeconds = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(timing)).GetProperty("ganSeconds").GetDouble();
        }

        double synthSeconds = 0;
        if (!File.Exists(Path.Combine(minorityFolder, SyntheticManifest.FileName)) || !File.Exists(Path.Combine(allFolder, SyntheticManifest.FileName)))
        {
            PhaseStarted?.Invoke($"seed {seed} {100 * level:0.##}%: synthesizing");
            var clock = Stopwatch.StartNew();
            using var model = CheckpointLoader.Load<IImageGenerator>(runDir, CPU);
            var kept = ImbalanceSampler.Counts(imbalanced.Labels!, imbalanced.ClassCount);
            int target = (int)Math.Round(options.SyntheticRatio * median);
            var fill = Enumerable.Range(0, imbalanced.ClassCount).Select(c => minority.Contains(c) ? Math.Max(0, target - kept[c]) : 0).ToArray();
            if (fill.Sum() == 0) fill[minority[0]] = 1;            // the ratio asks for nothing: keep the pipeline whole with one image
            var fillRequest = new SynthesisRequest(0, CountsPerClass: fill, Seed: StableSeed.Mix(seed, 0xC));
            using (var set = SyntheticSet.Generate(model, fillRequest)) SyntheticSet.Write(model, set, fillRequest, "idx", minorityFolder);
            var allRequest = new SynthesisRequest(0, PerClass: options.CasPerClass ?? median, Seed: StableSeed.Mix(seed, 0xD));
            using (var set = SyntheticSet.Generate(model, allRequest)) SyntheticSet.Write(model, set, allRequest, "idx", allFolder);
            synthSeconds = clock.Elapsed.TotalSeconds;
            JsonReport.Write(timing, new System.Text.Json.Nodes.JsonObject { ["ganSeconds"] = ganSeconds, ["synthesisSeconds"] = synthSeconds });
        }
        else synthSeconds = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(timing)).GetProperty("synthesisSeconds").GetDouble();
        return (minorityFolder, allFolder, ganSeconds, synthSeconds);
    }

    private static string? TryResolve(string runDir)
    {
        try { return Checkpoint.Resolve(runDir); }
        catch (CheckpointException) { return null; }
    }

    /// <summary>Per class: FD and precision/recall (k = 5) of C-GAN samples vs real test images in the arm-(e) classifier's 128-d features; FD floor = real training vs real test images at the same n.</summary>
    private void Score(string file, double level, int seed, ImageClassifier encoder, ImageSet train, ImageSet test, ImageSet imbalanced, ImageSet fakes,
        double ganSeconds, double synthSeconds)
    {
        if (File.Exists(file)) return;
        PhaseStarted?.Invoke($"seed {seed} {100 * level:0.##}%: per-class C-GAN scores");
        var kept = ImbalanceSampler.Counts(imbalanced.Labels!, imbalanced.ClassCount);
        var classes = new List<ClassGanScore>();
        for (int c = 0; c < train.ClassCount; c++)
        {
            using var scope = NewDisposeScope();
            var realTest = OfClass(test, c);
            var fake = OfClass(fakes, c);
            var realTrain = OfClass(train, c);
            int n = (int)Math.Min(Math.Min(options.ScoreImages, realTest.shape[0]), Math.Min(fake.shape[0], realTrain.shape[0]));
            if (n < 7) continue;                                   // PRDC with k = 5 needs n ≥ 6; FD needs a covariance
            var fr = Features(encoder, realTest.narrow(0, 0, n));
            var ff = Features(encoder, fake.narrow(0, 0, n));
            var ft = Features(encoder, realTrain.narrow(0, 0, n));
            var prdc = PrecisionRecallDensityCoverage.Compute(fr, ff, 5);
            classes.Add(new ClassGanScore(c, train.ClassNames[c], minority.Contains(c), kept[c], n,
                FrechetDistance.Compute(fr, ff), FrechetDistance.Compute(fr, ft), prdc.Precision, prdc.Recall));
        }
        var scores = new GanScores(level, seed, options.GanSteps, ganSeconds, synthSeconds,
            $"128-d penultimate layer of the arm-(e) classifier of seed {seed} (ImageClassifier width {options.ClassifierBudget.Width}, trained on the full real training set)", classes);
        JsonReport.Write(file, JsonSerializer.SerializeToNode(scores, Checkpoint.Json)!);
    }

    private static Tensor OfClass(ImageSet set, int c)
    {
        using var index = nonzero(set.Labels!.eq(c)).flatten();
        return set.Images.index_select(0, index);
    }

    private static Tensor Features(ImageClassifier encoder, Tensor images)
    {
        using var _ = no_grad();
        encoder.eval();
        return encoder.Features(images).to(float64);
    }

    /// <summary>For each minority class one row of real training images that were kept and one row of C-GAN samples.</summary>
    private void SampleGrid(string path, ImageSet imbalanced, ImageSet fakes)
    {
        const int columns = 8;
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        var labels = new List<string>();
        foreach (var c in minority)
        {
            foreach (var (set, what) in new[] { (imbalanced, "real"), (fakes, "C-GAN") })
            {
                var images = OfClass(set, c);
                images = images.narrow(0, 0, Math.Min(columns, images.shape[0]));
                if (images.shape[0] < columns)                      // too few kept real images: pad the row with black
                    images = cat([images, full([columns - images.shape[0], images.shape[1], images.shape[2], images.shape[3]], -1f)], 0);
                rows.Add(images);
                labels.Add($"{imbalanced.ClassNames[c]} {what}");
            }
        }
        ImageGrid.Save(cat(rows, 0), path, columns, upscale: imbalanced.Height < 64 ? 2 : 1, rowLabels: labels);
    }

    private sealed class Callback(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
