using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Training;

/// <summary>
/// A GAN as the one trainer sees it: two modules and the two halves of its step. The trainer owns
/// everything else (optimisers, n_critic, schedules, EMA, checkpoints, logging), so a GAN's whole
/// training step can be read in one file beside its paper.
/// </summary>
public interface IGan : IDisposable
{
    /// <summary>Model kind written into checkpoints ("dcgan", "cgan", ...).</summary>
    string Kind { get; }

    /// <summary>The resolved model options, serialised into every checkpoint.</summary>
    object Options { get; }

    nn.Module Generator { get; }

    nn.Module Discriminator { get; }

    /// <summary>A fresh generator with the same architecture (the EMA copy, sampling from checkpoints).</summary>
    nn.Module CreateGenerator();

    /// <summary>Latent codes (and class labels for conditional models) for <paramref name="count"/> samples.</summary>
    Tensor SampleLatent(int count, Generator random, Device device);

    /// <summary>Images from <paramref name="generator"/> (the live one or its EMA copy).</summary>
    Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels);

    /// <summary>The discriminator's (critic's) loss on a real batch and fakes from the current generator.</summary>
    LossTerms DiscriminatorStep(Batch real, Generator random);

    /// <summary>The generator's loss on the fakes of the discriminator step just taken (fresh ones if there was none); <paramref name="real"/> carries labels and is there for losses that need it.</summary>
    LossTerms GeneratorStep(Batch real, Generator random);

    /// <summary>Number of classes for conditional models, 0 otherwise.</summary>
    int ClassCount { get; }
}
