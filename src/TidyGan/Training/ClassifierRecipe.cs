using TidyGan.Data;

namespace TidyGan.Training;

/// <summary>How a training set is fed to the loss when some classes are rare (the classic remedies).</summary>
/// <param name="ClassWeightedLoss">Cross-entropy weighted per class by n / (K · n_c) (scikit-learn's "balanced" weights).</param>
/// <param name="Oversample">Batches drawn with replacement, each image with probability ∝ 1 / n_c of its class, so every class is equally frequent.</param>
/// <param name="Augmentation">Random augmentation of every batch; null = none.</param>
public sealed record ClassImbalanceRemedy(bool ClassWeightedLoss = false, bool Oversample = false, AugmentationOptions? Augmentation = null)
{
    public static ClassImbalanceRemedy None { get; } = new();

    /// <summary>Standard augmentation for small grey images of clothes: horizontal flip, shift by up to 2 px (pad-and-crop); no rotation or scaling.</summary>
    public static AugmentationOptions StandardAugmentation { get; } = new(HorizontalFlip: true, MaxRotationDegrees: 0, MinScale: 1, MaxScale: 1, MaxShift: 2);

    public override string ToString() =>
        string.Join(" + ", new[] { ClassWeightedLoss ? "class-weighted loss" : null, Oversample ? "class-balanced oversampling" : null,
            Augmentation is null ? null : "augmentation" }.Where(s => s is not null)) is { Length: > 0 } s ? s : "none";
}

/// <summary>
/// A fixed classifier training budget: the same number of optimiser steps and batch size whatever the size of
/// the training set, so arms of an experiment differ only in their data. Adam, constant learning rate.
/// </summary>
public sealed record ClassifierBudget(int Steps = 400, int BatchSize = 128, double LearningRate = 1e-3, int Width = 16)
{
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"classifier steps must be ≥ 1, got {Steps}");
        if (BatchSize < 1) throw new ArgumentException($"classifier batch size must be ≥ 1, got {BatchSize}");
        if (LearningRate <= 0) throw new ArgumentException($"classifier learning rate must be positive, got {LearningRate}");
        if (Width < 1) throw new ArgumentException($"classifier width must be ≥ 1, got {Width}");
    }
}
