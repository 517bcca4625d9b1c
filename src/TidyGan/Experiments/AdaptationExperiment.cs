using TidyGan.Gans;
using TidyGan.Segmentation;
using System.Diagnostics;
using System.Globalization;
using TidyGan.Data;
using TidyGan.Nn.Segmentation;
using TidyGan.Training;

namespace TidyGan.Experiments;

/// <summary>The arms of the experiment: train on source labels only, adapt to the unlabelled target, train on target labels.</summary>
public static class AdaptationArms
{
    public const string SourceOnly = "source-only";
    public const string Adapted = "adapted";
    public const string Supervised = "supervised-on-target";
}

/// <summary>One trained model scored on one target's test slabs.</summary>
public sealed record ArmScore(int Seed, string Target, string Arm, IReadOnlyList<ClassScore> Classes, double TrainSeconds, string RunFolder);

/// <summary>
/// The configuration an adaptation arm is keyed by (<see cref="ArmKey"/>): its run name, the full segmentation config
/// (model, data options, labelled/target domain, adversarial options: --mode, --disc-layers, --alpha, ramp, objective)
/// and the trainer options (steps, seed, batch, learning rate, ...).
/// </summary>
public sealed record AdaptationArmConfig(string Name, SegmentationConfig Segmentation, TrainerOptions Trainer);

/// <summary>
/// How arms are trained, checked and scored: <see cref="Real"/> trains with <see cref="SegmentationTraining"/> and
/// scores on the target's test slabs; tests inject fakes to check the caching without training.
/// </summary>
/// <param name="Train">Trains one arm into its run folder; false when it was stopped before its last step.</param>
/// <param name="IsComplete">Whether a run folder holds the arm's finished result (throws when it cannot be read).</param>
/// <param name="Score">Scores a finished run on a target's test slabs.</param>
public sealed record AdaptationArmRunner(
    Func<AdaptationArmConfig, string, bool> Train,
    Func<AdaptationArmConfig, string, bool> IsComplete,
    Func<string, string, IReadOnlyList<ClassScore>> Score)
{
    public static AdaptationArmRunner Real(HeadDomains domains, Action<string, TrainingProgress>? progress = null, CancellationToken cancellation = default) => new(
        (arm, run) => SegmentationTraining.Run(arm.Segmentation, domains, arm.Trainer, run, progress: p => progress?.Invoke(arm.Name, p), cancellation: cancellation).Completed,
        (arm, run) => Checkpoint.ReadManifest(Checkpoint.Resolve(run)).Step >= arm.Trainer.Steps,
        (run, target) =>
        {
            using var trained = SegmentationModel.Load(run);
            using var test = domains.Load(target, SegmentationSplit.Test);
            using var predicted = trained.Predict(test.Images);
            return SegmentationScores.Of(predicted, test.Labels!, test.Grid.PixelMm);
        });
}

/// <summary>
/// The domain-adaptation experiment for one seed: one source-only segmenter (it serves every target), then per
/// target an adapted one and, where target labels are honest and the domain is not the real-data test (sim-mr), the
/// supervised upper bound trained on the target's training slabs with labels. Every model is scored on the target's
/// test slabs. Runs go to folder/seed-S/ARM[-TARGET], each an arm of the <see cref="ArmCache"/>: a finished run whose
/// key (its <see cref="AdaptationArmConfig"/> and the files of the domains it read) matches is reused; one with another
/// key stops the experiment naming the differing fields, unless <c>force</c> moves it aside and retrains.
/// </summary>
public static class AdaptationExperiment
{
    private const string SecondsFile = "train-seconds.txt";

    public static IReadOnlyList<ArmScore> Run(IReadOnlyList<string> targets, int seed, TrainerOptions trainer, AdaptationOptions adaptation,
        UNet2dOptions model, HeadDomains domains, string folder, Action<string, TrainingProgress>? progress = null,
        bool force = false, Action<string>? notice = null, AdaptationArmRunner? runner = null, CancellationToken cancellation = default)
    {
        runner ??= AdaptationArmRunner.Real(domains, progress, cancellation);
        var scores = new List<ArmScore>();
        var options = trainer with { Seed = seed };
        var seedFolder = Path.Combine(folder, $"seed-{seed}");

        var sourceOnly = new SegmentationConfig(model, domains.Options, HeadDomains.Source);
        var (sourceRun, sourceSeconds) = Train("source-only", sourceOnly);
        foreach (var target in targets)
        {
            scores.Add(Score(AdaptationArms.SourceOnly, target, sourceRun, sourceSeconds));
            var adapted = sourceOnly with { TargetDomain = target, Adaptation = adaptation };
            var (adaptedRun, adaptedSeconds) = Train($"adapted-{target}", adapted);
            scores.Add(Score(AdaptationArms.Adapted, target, adaptedRun, adaptedSeconds));
            if (target == HeadDomains.SimulatedMr)
            {
                var (supervisedRun, supervisedSeconds) = Train($"supervised-{target}", sourceOnly with { LabelledDomain = target });
                scores.Add(Score(AdaptationArms.Supervised, target, supervisedRun, supervisedSeconds));
            }
            if (cancellation.IsCancellationRequested) break;
        }
        return scores;

        (string Run, double Seconds) Train(string name, SegmentationConfig config)
        {
            var run = Path.Combine(seedFolder, name);
            var arm = new AdaptationArmConfig(name, config, options);
            var key = ArmKey.Of(arm, DataOf(config));
            ArmCache.GetOrRun(run, key, force, folder =>
            {
                var clock = Stopwatch.StartNew();
                if (!runner.Train(arm, folder)) throw new OperationCanceledException($"{name} stopped before its last step");
                IO.AtomicFile.WriteAllText(Path.Combine(folder, SecondsFile), clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            }, folder => runner.IsComplete(arm, folder), notice);
            var seconds = Path.Combine(run, SecondsFile);
            return (run, File.Exists(seconds) && double.TryParse(File.ReadAllText(seconds), CultureInfo.InvariantCulture, out var s) ? s : double.NaN);
        }

        ArmScore Score(string arm, string target, string run, double seconds) => new(seed, target, arm, runner.Score(run, target), seconds, run);
    }

    /// <summary>The source files of the domains an arm reads (the MR domains: ch2 + ch2bet; ct-head: Cranium), by size and time.</summary>
    public static DataIdentity DataOf(SegmentationConfig config)
    {
        var domains = new[] { config.LabelledDomain, config.TargetDomain }.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var files = domains.SelectMany(d => d == HeadDomains.Ct ? new[] { Datasets.CraniumPath } : [Datasets.Ch2Path, HeadDomains.BrainMaskPath])
            .Distinct().ToArray();
        return DataIdentity.Of(string.Join("+", domains), files);
    }
}
