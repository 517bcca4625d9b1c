using TidyGan.Synthetic;
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

namespace TidyGan.Experiments;

/// <summary>
/// Does synthetic data stand in for missing training data? Makes the training set imbalanced (seeded), then
/// trains one fixed classifier with one fixed budget on (a) the imbalanced set, (b) the same with the classic
/// remedies, (c) the same plus C-GAN samples of the minority classes (the C-GAN trained on (a) only, by the one
/// trainer), (d) C-GAN samples only (CAS, Ravuri 2019) and (e) the full balanced real set, and scores each on the
/// untouched real test set. Every arm (each classifier, the C-GAN with its synthetic sets, the per-class scores) is an
/// <see cref="ArmCache"/> arm in its own folder, keyed by its configuration (<see cref="ClassifierArmConfig"/>,
/// <see cref="GanArmConfig"/>, <see cref="GanScoreArmConfig"/>, each with the keys of the arms it reads) and the files
/// of the dataset: a rerun reuses arms whose key matches and stops, naming the differing fields, at one whose key
/// differs (<c>force</c>: move it aside and rerun).
/// </summary>
public sealed class AugmentExperiment
{
    private readonly AugmentExperimentOptions options;
    private readonly string output;
    private readonly bool force;
    private int[] minority = [];
    private DataIdentity data = DataIdentity.Named("");

    public AugmentExperiment(AugmentExperimentOptions options, string output, bool force = false)
    {
        options.Validate();
        this.options = options;
        this.output = Path.GetFullPath(output);
        this.force = force;
    }

    /// <summary>An arm folder was moved aside (unfinished, or --force).</summary>
    public event Action<string>? Notice;

    public const string ResultFile = "result.json";

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
        data = DataOf(options.Data);
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
                var eFolder = Path.Combine(seedDir, "e-full-real");
                var eKey = RunArm(eFolder, AugmentArms.FullReal, null, seed, train, test, ClassImbalanceRemedy.None, saveWeights: true);
                using var encoder = LoadClassifier(Path.Combine(eFolder, ClassifierFile), train);
                foreach (var level in options.Levels)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var levelDir = Path.Combine(seedDir, LevelFolder(level));
                    using var imbalanced = ImbalanceSampler.Apply(train, new ImbalanceSpec(minority, level, seed));
                    RunArm(Path.Combine(levelDir, AugmentArms.Imbalanced), AugmentArms.Imbalanced, level, seed, imbalanced, test, ClassImbalanceRemedy.None);
                    RunArm(Path.Combine(levelDir, AugmentArms.ClassWeighted), AugmentArms.ClassWeighted, level, seed, imbalanced, test, new ClassImbalanceRemedy(ClassWeightedLoss: true));
                    RunArm(Path.Combine(levelDir, AugmentArms.OversampleAugment), AugmentArms.OversampleAugment, level, seed, imbalanced, test,
                        new ClassImbalanceRemedy(Oversample: true, Augmentation: ClassImbalanceRemedy.StandardAugmentation));

                    var (ganKey, minorityFolder, allFolder, ganSeconds, synthSeconds) = TrainAndSynthesize(levelDir, level, seed, imbalanced, median, cancellation);
                    using (var synthetic = SyntheticSet.LoadIdx(minorityFolder))
                    using (var augmented = Concat(imbalanced, synthetic))
                        RunArm(Path.Combine(levelDir, AugmentArms.WithCGan), AugmentArms.WithCGan, level, seed, augmented, test, ClassImbalanceRemedy.None, input: ganKey.Hash);
                    using var all = SyntheticSet.LoadIdx(allFolder);
                    RunArm(Path.Combine(levelDir, AugmentArms.SyntheticOnly), AugmentArms.SyntheticOnly, level, seed, all, test, ClassImbalanceRemedy.None, input: ganKey.Hash);
                    Score(Path.Combine(levelDir, "cgan-scores"), level, seed, encoder, train, test, imbalanced, all, ganSeconds, synthSeconds, [eKey.Hash, ganKey.Hash]);
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

    public const string ClassifierFile = "classifier.bin";

    /// <summary>The dataset files an arm reads: Fashion-MNIST's folder, or the image folder (every file, by size and time).</summary>
    public static DataIdentity DataOf(string data) => data == "fashion-mnist"
        ? DataIdentity.Of(data, Datasets.FashionMnistDir)
        : DataIdentity.Of(data, data.StartsWith("folder:", StringComparison.Ordinal) ? data["folder:".Length..] : data);

    /// <summary>What the real data of every arm depends on (the seed and level are in the arm's own record).</summary>
    private DataConfig Common => new(options.Data, options.Size, options.Limit, options.TestFraction, minority);

    /// <summary>Trains and scores one classifier in its arm folder unless a finished arm with the same key is there (then only reports the skipped work).</summary>
    private ArmKey RunArm(string folder, string arm, double? level, int seed, ImageSet train, ImageSet test, ClassImbalanceRemedy remedy,
        bool saveWeights = false, string? input = null)
    {
        int steps = options.ClassifierBudget.Steps;
        var key = ArmKey.Of(new ClassifierArmConfig(arm, level, seed, Common, options.ClassifierBudget, input), data);
        bool ran = ArmCache.GetOrRun(folder, key, force, f => TrainClassifier(f, arm, level, seed, train, test, remedy, saveWeights),
            f => Read<ArmResult>(Path.Combine(f, ResultFile)) is not null && (!saveWeights || File.Exists(Path.Combine(f, ClassifierFile))), n => Notice?.Invoke(n));
        if (!ran) Advanced?.Invoke(steps);
        return key;
    }

    /// <summary>Reads a result file; throws (with the path) when it is not valid JSON of that type.</summary>
    public static T? Read<T>(string file)
    {
        if (!File.Exists(file)) return default;
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Checkpoint.Json); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: {e.Message}", e); }
    }

    private void TrainClassifier(string folder, string arm, double? level, int seed, ImageSet train, ImageSet test, ClassImbalanceRemedy remedy, bool saveWeights)
    {
        PhaseStarted?.Invoke($"seed {seed}{(level is { } l ? $" {100 * l:0.##}%" : "")}: {AugmentArms.Describe(arm)}");
        var clock = Stopwatch.StartNew();
        var budget = options.ClassifierBudget;
        torch.manual_seed(seed);                                   // same initial weights in every arm of a seed
        using var classifier = new ImageClassifier(train.Channels, train.ClassCount, budget.Width);
        ClassifierTraining.Fit(classifier, train.Images, train.Labels!, train.ClassCount, budget, remedy, seed, new Callback(_ => Advanced?.Invoke(1)));
        using var predicted = ClassifierTraining.Predict(classifier, test.Images);
        var metrics = ClassificationMetrics.FromPredictions(test.Labels!.data<long>().ToArray(), predicted.data<long>().ToArray(), train.ClassCount);
        Directory.CreateDirectory(folder);
        if (saveWeights)
        {
            // module.save closes its stream, so write to a temporary name and rename (atomic, like AtomicFile).
            var file = Path.Combine(folder, ClassifierFile);
            var temp = file + $".tmp-{Environment.ProcessId}";
            classifier.save(temp);
            File.Move(temp, file, overwrite: true);
        }
        var result = new ArmResult(arm, level, seed, train.Count, metrics.Accuracy, metrics.BalancedAccuracy, metrics.MacroF1,
            metrics.MeanRecall(minority), metrics.Recall, metrics.F1, clock.Elapsed.TotalSeconds);
        JsonReport.Write(Path.Combine(folder, ResultFile), JsonSerializer.SerializeToNode(result, Checkpoint.Json)!);
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
    /// synthesize code: the minority classes filled up to the target count (arm c) and every class (arm d). One arm:
    /// levelDir/cgan holds the run, synthetic-minority/, synthetic-all/ and timing.json.
    /// </summary>
    private (ArmKey Key, string Minority, string All, double GanSeconds, double SynthesisSeconds) TrainAndSynthesize(string levelDir, double level, int seed,
        ImageSet imbalanced, int median, CancellationToken cancellation)
    {
        var runDir = Path.Combine(levelDir, "cgan");
        string minorityFolder = Path.Combine(runDir, "synthetic-minority"), allFolder = Path.Combine(runDir, "synthetic-all");
        var timing = Path.Combine(runDir, "timing.json");
        var key = ArmKey.Of(new GanArmConfig(level, seed, Common, options.GanSteps, options.GanBatch, options.GanWidth, options.SyntheticRatio,
            options.CasPerClass, median), data);
        bool ran = ArmCache.GetOrRun(runDir, key, force, _ =>
        {
            PhaseStarted?.Invoke($"seed {seed} {100 * level:0.##}%: C-GAN on the imbalanced set");
            var clock = Stopwatch.StartNew();
            var trainer = new TrainerOptions
            {
                Steps = options.GanSteps, BatchSize = Math.Min(options.GanBatch, imbalanced.Count), Seed = seed, LogEvery = 50,
                SampleEvery = options.GanSteps, CheckpointEvery = options.GanSteps, KeepCheckpoints = 1,
            };
            torch.manual_seed(seed);
            using (var gan = new ConditionalGan(new ConditionalGanConfig(new ConditionalGanOptions(options.GanModel(imbalanced.Height, imbalanced.Channels), imbalanced.ClassCount))))
            using (var loop = new Trainer(gan, imbalanced, DataDescription.Of(imbalanced, options.Data), trainer, runDir))
            {
                loop.Progress += _ => Advanced?.Invoke(1);
                var result = loop.Run(cancellation);
                if (!result.Completed) throw new OperationCanceledException("C-GAN training was stopped");
            }
            double ganSeconds = clock.Elapsed.TotalSeconds;

            PhaseStarted?.Invoke($"seed {seed} {100 * level:0.##}%: synthesizing");
            clock.Restart();
            using var model = CheckpointLoader.Load<IImageGenerator>(runDir, CPU);
            var kept = ImbalanceSampler.Counts(imbalanced.Labels!, imbalanced.ClassCount);
            int target = (int)Math.Round(options.SyntheticRatio * median);
            var fill = Enumerable.Range(0, imbalanced.ClassCount).Select(c => minority.Contains(c) ? Math.Max(0, target - kept[c]) : 0).ToArray();
            if (fill.Sum() == 0) fill[minority[0]] = 1;            // the ratio asks for nothing: keep the pipeline whole with one image
            var fillRequest = new SynthesisRequest(0, CountsPerClass: fill, Seed: StableSeed.Mix(seed, 0xC));
            using (var set = SyntheticSet.Generate(model, fillRequest)) SyntheticSet.Write(model, set, fillRequest, "idx", minorityFolder);
            var allRequest = new SynthesisRequest(0, PerClass: options.CasPerClass ?? median, Seed: StableSeed.Mix(seed, 0xD));
            using (var set = SyntheticSet.Generate(model, allRequest)) SyntheticSet.Write(model, set, allRequest, "idx", allFolder);
            JsonReport.Write(timing, new System.Text.Json.Nodes.JsonObject { ["ganSeconds"] = ganSeconds, ["synthesisSeconds"] = clock.Elapsed.TotalSeconds });
        }, _ => File.Exists(Path.Combine(minorityFolder, SyntheticManifest.FileName)) && File.Exists(Path.Combine(allFolder, SyntheticManifest.FileName))
                && Checkpoint.ReadManifest(Checkpoint.Resolve(runDir)).Step >= options.GanSteps && File.Exists(timing),
            n => Notice?.Invoke(n));
        if (!ran) Advanced?.Invoke(options.GanSteps);
        var times = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(timing));
        return (key, minorityFolder, allFolder, times.GetProperty("ganSeconds").GetDouble(), times.GetProperty("synthesisSeconds").GetDouble());
    }

    /// <summary>Per class: FD and precision/recall (k = 5) of C-GAN samples vs real test images in the arm-(e) classifier's 128-d features; FD floor = real training vs real test images at the same n.</summary>
    private void Score(string folder, double level, int seed, ImageClassifier encoder, ImageSet train, ImageSet test, ImageSet imbalanced, ImageSet fakes,
        double ganSeconds, double synthSeconds, IReadOnlyList<string> inputs)
    {
        var key = ArmKey.Of(new GanScoreArmConfig(level, seed, Common, options.ScoreImages, inputs), data);
        ArmCache.GetOrRun(folder, key, force, f => ScoreClasses(Path.Combine(f, ResultFile), level, seed, encoder, train, test, imbalanced, fakes, ganSeconds, synthSeconds),
            f => Read<GanScores>(Path.Combine(f, ResultFile)) is not null, n => Notice?.Invoke(n));
    }

    private void ScoreClasses(string file, double level, int seed, ImageClassifier encoder, ImageSet train, ImageSet test, ImageSet imbalanced, ImageSet fakes,
        double ganSeconds, double synthSeconds)
    {
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
