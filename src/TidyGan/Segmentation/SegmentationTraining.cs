using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;
using TorchSharp;

namespace TidyGan.Segmentation;

/// <summary>
/// Trains a segmenter (supervised, or adapted to an unlabelled target) through the one trainer: labelled slices
/// of <see cref="SegmentationConfig.LabelledDomain"/>'s training slabs, and for adaptation the target's training slabs
/// without their labels. Checkpoints, resume, scalar logs and progress come from <see cref="Trainer"/>.
/// </summary>
public static class SegmentationTraining
{
    /// <summary>Batch 16, 600 steps (Adam 1e-3, β1 0.9: <see cref="SegmentationConfig.Adam"/>): the Cpu preset, a few minutes per run on two shared cores.</summary>
    public static TrainerOptions Cpu { get; } = new()
    {
        Steps = 600, BatchSize = 16, SampleGrids = false, LogEvery = 10, CheckpointEvery = 200, KeepCheckpoints = 1,
    };

    public static TrainingResult Run(SegmentationConfig config, ILabelledDomains domains, TrainerOptions options, string folder,
        string? resumeFrom = null, Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (options.Augmentation != AugmentationOptions.None)
            throw new ArgumentException("augmentation would interpolate the label maps; segmentation trains without it");
        using var labelled = domains.Load(config.LabelledDomain, SegmentationSplit.Train);
        using var source = labelled.ToImageSet();
        LabelledSlices? targetSlices = config.Adaptation is null ? null
            : domains.Load(config.TargetDomain ?? throw new ArgumentException("adaptation needs a target domain"), SegmentationSplit.Train);
        using var targetSlicesScope = targetSlices;
        // The target's labels never reach the trainer: its batches are images only.
        using var target = targetSlices is null ? null : new ImageSet
        {
            Name = targetSlices.Domain, Images = targetSlices.Images.alias(), Intensity = source.Intensity,
        };

        torch.manual_seed(options.Seed);
        using var model = new AdversarialSegmenter(config);
        var description = new DataDescription(config.LabelledDomain, config.Model.ImageSize, 1, config.ClassNames, "normalised", -1, 1, Count: source.Count,
            Subjects: config.LabelledCohort is { } cohort ? cohort.Subjects with { Loaded = "train" } : null);
        using var trainer = new Trainer(model, source, description, options, folder, target);
        if (resumeFrom is not null) trainer.LoadCheckpoint(resumeFrom);
        if (progress is not null) trainer.Progress += progress;
        return trainer.Run(cancellation);
    }
}
