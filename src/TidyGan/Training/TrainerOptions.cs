using TidyGan.Data;

namespace TidyGan.Training;

/// <summary>
/// Options of the one training loop. Defaults are the DC-GAN paper's (Radford 2015): Adam, lr 2e-4,
/// beta1 0.5, one discriminator update per generator update, constant learning rate.
/// </summary>
public sealed record TrainerOptions
{
    public long Steps { get; init; } = 1000;
    public int BatchSize { get; init; } = 64;
    public double GeneratorLearningRate { get; init; } = 2e-4;
    public double DiscriminatorLearningRate { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Discriminator (critic) updates per generator update; WGAN-GP uses 5.</summary>
    public int CriticSteps { get; init; } = 1;

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

    public void Validate()
    {
        if (Steps <= 0) throw new ArgumentException($"steps must be positive (got {Steps})");
        if (BatchSize <= 0) throw new ArgumentException($"batch size must be positive (got {BatchSize})");
        if (CriticSteps <= 0) throw new ArgumentException($"critic steps must be positive (got {CriticSteps})");
        if (GeneratorLearningRate <= 0 || DiscriminatorLearningRate <= 0) throw new ArgumentException("learning rates must be positive");
        if (EmaDecay is { } d && (d <= 0 || d >= 1)) throw new ArgumentException($"EMA decay must be in (0, 1) (got {d})");
        if (LogEvery <= 0 || SampleEvery <= 0 || CheckpointEvery <= 0) throw new ArgumentException("log/sample/checkpoint intervals must be positive");
    }
}
