using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// A GAN as the one trainer sees it. Like the reference Cycle-GAN's <c>optimize_parameters</c>, a GAN owns its
/// optimisers and performs its whole training step in its own file: losses, backward passes, optimiser steps,
/// critic iterations and update order. The trainer keeps only what every GAN shares: the loop, the data, the
/// learning-rate schedule, EMA, the NaN/Inf stop, logging, progress, signals and checkpoints.
/// </summary>
public interface IGan : IDisposable
{
    /// <summary>Everything needed to rebuild the GAN (written into every checkpoint); its kind is <see cref="IModelOptions.Kind"/>.</summary>
    IModelOptions Options { get; }

    ModelKind Kind => Options.Kind;

    /// <summary>The network that is sampled, averaged (EMA) and deployed: checkpoint file generator.bin.</summary>
    nn.Module Generator { get; }

    /// <summary>The adversary (critic, domain discriminator): checkpoint file discriminator.bin.</summary>
    nn.Module Discriminator { get; }

    /// <summary>A fresh generator with the same architecture (the EMA copy).</summary>
    nn.Module CreateGenerator();

    /// <summary>The GAN's optimisers, created on first use (after the trainer moved the networks to their device).
    /// The trainer scales their learning rates by its schedule and checkpoints their state under their names.</summary>
    IReadOnlyList<NamedOptimizer> Optimizers { get; }

    /// <summary>Real batches one step consumes (n_critic for critics updated several times per generator update).</summary>
    int BatchesPerStep => 1;

    /// <summary>One whole training step; returns the step's named losses (already back-propagated and applied).</summary>
    StepLosses Step(StepContext context);
}

/// <summary>An optional capability: a GAN that draws images from latent codes (the trainer's sample grids, `sample`).</summary>
public interface IImageGenerator : IGan
{
    /// <summary>Number of classes for conditional models, 0 otherwise.</summary>
    int ClassCount { get; }

    /// <summary>Latent codes for <paramref name="count"/> samples.</summary>
    Tensor SampleLatent(int count, Generator random, Device device);

    /// <summary>Images from <paramref name="generator"/> (the live one or its EMA copy).</summary>
    Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels);
}
