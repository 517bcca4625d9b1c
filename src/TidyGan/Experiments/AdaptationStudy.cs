using TidyGan.Nn.Segmentation;
using TidyGan.Reports;
using TidyGan.Segmentation;
using TidyGan.Gans;
using TidyGan.Data;
using TidyGan.Training;

namespace TidyGan.Experiments;

/// <summary>
/// The flags of `tidygan adapt-experiment`, resolved. <see cref="Force"/>: rerun every arm (its old folder is moved aside)
/// instead of stopping on an arm whose stored configuration differs.
/// </summary>
public sealed record AdaptationStudyOptions(IReadOnlyList<string> Targets, IReadOnlyList<int> Seeds, long Steps = 600, string Mode = "alternating",
    string? Objective = null, IReadOnlyList<string>? DiscriminatorLayers = null, double Alpha = 0.1, bool Force = false);

/// <summary>
/// The domain-adaptation study (`tidygan adapt-experiment`): per seed every arm of <see cref="AdaptationExperiment"/>
/// (cached by <see cref="ArmCache"/>), results.json/results.md rewritten after each seed (<see cref="ResultsWriter"/>),
/// and the figures of the first seed. The CLI maps flags onto <see cref="AdaptationStudyOptions"/> and shows progress.
/// </summary>
public sealed class AdaptationStudy
{
    private readonly List<ArmScore> scores = [];

    public AdaptationStudy(AdaptationStudyOptions options, string folder, HeadDomains? domains = null, AdaptationArmRunner? runner = null)
    {
        Options = options;
        Folder = Path.GetFullPath(folder);
        Domains = domains ?? new HeadDomains();
        Runner = runner;
        Adaptation = new AdaptationOptions(options.DiscriminatorLayers ?? Model.LayerNames,
            options.Alpha, options.Steps / 6, options.Steps * 2 / 3, options.Mode == "grl" ? AdversarialUpdate.GradientReversal : AdversarialUpdate.Alternating,
            Objective: (options.Objective ?? (options.Mode == "grl" ? "minimax" : "flipped")) == "minimax" ? SegmenterObjective.Minimax : SegmenterObjective.Flipped);
        Adaptation.Validate();
        Trainer = SegmentationTraining.Cpu with { Steps = options.Steps, CheckpointEvery = (int)options.Steps };
    }

    public AdaptationStudyOptions Options { get; }
    public string Folder { get; }
    public HeadDomains Domains { get; }
    public AdaptationArmRunner? Runner { get; }
    public UNet2dOptions Model { get; } = UNet2dOptions.Cpu;
    public AdaptationOptions Adaptation { get; }
    public TrainerOptions Trainer { get; }
    public IReadOnlyList<ArmScore> Scores => scores;

    public string Describe() =>
        $"Arms: source-only, adapted ({Adaptation.Update}, {Adaptation.Objective}, α {Adaptation.Alpha} ramped over steps {Adaptation.RampStart}→{Adaptation.RampEnd}, " +
        $"D reads {string.Join(",", Adaptation.Layers)}), supervised-on-target (sim-mr); {Options.Steps} steps each";

    /// <summary>Every arm of one seed (reused where its key matches), then results.json/.md over the seeds so far.</summary>
    public IReadOnlyList<ArmScore> RunSeed(int seed, Action<string, TrainingProgress>? progress = null, Action<string>? notice = null,
        CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(Folder);
        var seedScores = AdaptationExperiment.Run(Options.Targets, seed, Trainer, Adaptation, Model, Domains, Folder, progress,
            Options.Force, notice, Runner, cancellation);
        scores.AddRange(seedScores);
        WriteResults(Folder, scores);
        return seedScores;
    }

    public static void WriteResults(string folder, IReadOnlyList<ArmScore> scores) =>
        ResultsWriter.Write(folder, AdaptationTable.Json(scores), AdaptationTable.Markdown(scores));

    /// <summary>For the first seed: predictions of each arm on target test slices, the PCA of bottleneck features, the CT mask montage.</summary>
    public void WriteFigures()
    {
        var figures = Path.Combine(Folder, "figures");
        Directory.CreateDirectory(figures);
        int seed = Options.Seeds[0];
        string Run(string name) => Path.Combine(Folder, $"seed-{seed}", name);
        using var sourceOnly = SegmentationModel.Load(Run("source-only"));
        using var sourceTest = Domains.Load(HeadDomains.Source, SegmentationSplit.Test);
        foreach (var target in Options.Targets)
        {
            using var adapted = SegmentationModel.Load(Run($"adapted-{target}"));
            using var test = Domains.Load(target, SegmentationSplit.Test);
            var predictions = new List<TorchSharp.torch.Tensor> { sourceOnly.Predict(test.Images), adapted.Predict(test.Images) };
            if (target == HeadDomains.SimulatedMr)
                using (var supervised = SegmentationModel.Load(Run($"supervised-{target}"))) predictions.Add(supervised.Predict(test.Images));
            AdaptationFigures.PredictionGrid(Path.Combine(figures, $"predictions-{target}.png"), test.Images, test.Labels!, predictions, test.SliceIndices);
            foreach (var p in predictions) p.Dispose();

            using var beforeSource = sourceOnly.PooledFeatures(sourceTest.Images, "bottleneck");
            using var beforeTarget = sourceOnly.PooledFeatures(test.Images, "bottleneck");
            using var afterSource = adapted.PooledFeatures(sourceTest.Images, "bottleneck");
            using var afterTarget = adapted.PooledFeatures(test.Images, "bottleneck");
            AdaptationFigures.FeaturePca(Path.Combine(figures, $"pca-{target}.png"),
                [("source-only segmenter", beforeSource, beforeTarget), ("adapted segmenter", afterSource, afterTarget)],
                "mr-head (T1) test slices", $"{target} test slices");
        }
        if (Options.Targets.Contains(HeadDomains.Ct))
        {
            var (ct, labels, testSlices) = Domains.CtReference();
            var picks = Enumerable.Range(0, 8).Select(i => testSlices[i * testSlices.Length / 8]).ToArray();
            AdaptationFigures.CtMaskMontage(Path.Combine(figures, "ct-reference-mask.png"), ct, labels, picks);
        }
    }
}
