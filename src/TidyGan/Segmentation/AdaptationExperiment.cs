using System.Diagnostics;
using TidyGan.Nn.Segmentation;
using TidyGan.Training;

namespace TidyGan.Segmentation;

/// <summary>The arms of the experiment: train on source labels only, adapt to the unlabelled target, train on target labels.</summary>
public static class Arms
{
    public const string SourceOnly = "source-only";
    public const string Adapted = "adapted";
    public const string Supervised = "supervised-on-target";
}

/// <summary>One trained model scored on one target's test slabs.</summary>
public sealed record ArmScore(int Seed, string Target, string Arm, IReadOnlyList<ClassScore> Classes, double TrainSeconds, string RunFolder);

/// <summary>
/// The domain-adaptation experiment for one seed: one source-only segmenter (it serves every target), then per
/// target an adapted one and, where target labels are honest and the domain is not the real-data test (sim-mr), the
/// supervised upper bound trained on the target's training slabs with labels. Every model is scored on the target's
/// test slabs. Runs go to folder/seed-S/ARM[-TARGET]; a finished run (a checkpoint at its last step) is reused.
/// </summary>
public static class AdaptationExperiment
{
    public static IReadOnlyList<ArmScore> Run(IReadOnlyList<string> targets, int seed, TrainerOptions trainer, AdaptationOptions adaptation,
        UNet2dOptions model, HeadDomains domains, string folder, Action<string, TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var scores = new List<ArmScore>();
        var options = trainer with { Seed = seed };
        var seedFolder = Path.Combine(folder, $"seed-{seed}");

        var sourceOnly = new SegmentationConfig(model, domains.Options, HeadDomains.Source);
        var (sourceRun, sourceSeconds) = Train("source-only", sourceOnly);
        foreach (var target in targets)
        {
            scores.Add(Score(Arms.SourceOnly, target, sourceRun, sourceSeconds));
            var adapted = sourceOnly with { TargetDomain = target, Adaptation = adaptation };
            var (adaptedRun, adaptedSeconds) = Train($"adapted-{target}", adapted);
            scores.Add(Score(Arms.Adapted, target, adaptedRun, adaptedSeconds));
            if (target == HeadDomains.SimulatedMr)
            {
                var (supervisedRun, supervisedSeconds) = Train($"supervised-{target}", sourceOnly with { LabelledDomain = target });
                scores.Add(Score(Arms.Supervised, target, supervisedRun, supervisedSeconds));
            }
            if (cancellation.IsCancellationRequested) break;
        }
        return scores;

        (string Run, double Seconds) Train(string name, SegmentationConfig config)
        {
            var run = Path.Combine(seedFolder, name);
            if (IsFinished(run, options.Steps)) return (run, double.NaN);
            if (Directory.Exists(run)) Directory.Delete(run, true);
            var clock = Stopwatch.StartNew();
            var result = SegmentationTraining.Run(config, domains, options, run, progress: p => progress?.Invoke(name, p), cancellation: cancellation);
            if (!result.Completed) throw new OperationCanceledException($"{name} stopped at step {result.Step}");
            return (run, clock.Elapsed.TotalSeconds);
        }

        ArmScore Score(string arm, string target, string run, double seconds)
        {
            using var trained = SegmentationModel.Load(run);
            using var test = domains.Load(target, SegmentationSplit.Test);
            using var predicted = trained.Predict(test.Images);
            return new ArmScore(seed, target, arm, SegmentationScores.Of(predicted, test.Labels!, test.Grid.PixelMm), seconds, run);
        }
    }

    private static bool IsFinished(string run, long steps)
    {
        try
        {
            return Checkpoint.ReadManifest(Checkpoint.Resolve(run)).Step >= steps;
        }
        catch (Exception e) when (e is IOException or CheckpointException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
