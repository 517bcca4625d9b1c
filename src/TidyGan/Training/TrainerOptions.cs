using TidyGan.Data;

namespace TidyGan.Training;

/// <summary>
/// Options of the one training loop: how long, on what batches, with which learning-rate schedule, and how often it
/// logs, draws and checkpoints. What a GAN's step does (its optimisers, n_critic, losses) is the GAN's own options.
/// </summary>
public sealed record TrainerOptions
{
    public long Steps { get; init; } = 1000;
    public int BatchSize { get; init; } = 64;
    /// <summary>Decay of an exponential moving average of G's weights; null = no EMA.</summary>
    public double? EmaDecay { get; init; }

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// Augmentation of real images (off by default: the DC-GAN paper used none, and anatomy has a left
    /// and a right). Small medical sets (a hundred slices) benefit from flips and small rotations.
    /// </summary>
    public AugmentationOptions Augmentation { get; init; } = AugmentationOptions.None;

    public int Seed { get; init; }
    public string Device { get; init; } = "cpu";

    public int LogEvery { get; init; } = 10;
    public int SampleEvery { get; init; } = 200;
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>How many checkpoints to keep on disk (older ones are deleted after a newer one is complete).</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>
    /// Whether to write samples/real.png and the fixed-noise sample grids. Off for data that are not
    /// images (the 2-D point mixtures of `tidygan modes`), whose pictures are scatter plots instead.
    /// </summary>
    public bool SampleGrids { get; init; } = true;

    /// <summary>Samples in the fixed-noise grid written every <see cref="SampleEvery"/> steps.</summary>
    public int GridSamples { get; init; } = 64;

    public static TrainerOptions Paper { get; } = new();

    /// <summary>A short run that shows learning on a 2-core CPU within minutes.</summary>
    public static TrainerOptions Cpu { get; } = new() { Steps = 600, BatchSize = 64, SampleEvery = 100, CheckpointEvery = 200 };

    public TrainerOptions Validated()
    {
        Validate();
        return this;
    }

    public void Validate()
    {
        if (Steps <= 0) throw new ArgumentException($"steps must be positive (got {Steps})");
        if (BatchSize <= 0) throw new ArgumentException($"batch size must be positive (got {BatchSize})");
        if (EmaDecay is { } d && (d <= 0 || d >= 1)) throw new ArgumentException($"EMA decay must be in (0, 1) (got {d})");
        if (LogEvery <= 0 || SampleEvery <= 0 || CheckpointEvery <= 0) throw new ArgumentException("log/sample/checkpoint intervals must be positive");
    }
}
