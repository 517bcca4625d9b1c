using TidyGan.Nn.Paired;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What the three denoiser arms share: the RED-CNN generator, the paired domains and the trainer's view. Each arm's whole
/// step (losses, backward passes, optimiser steps) is in its own file: <see cref="DenoiserMse"/>,
/// <see cref="DenoiserAdversarial"/>, <see cref="DenoiserWganPerceptual"/>.
/// </summary>
public abstract class Denoiser : IPairedModel
{
    private protected readonly DenoiserConfig settings;
    private readonly RedCnn generator;
    private NamedOptimizer[]? optimizers;

    protected Denoiser(DenoiserConfig config)
    {
        settings = config.Validate();
        generator = new RedCnn(1, config.Model.Width);
    }

    public IModelOptions Options => settings;
    public DenoiserConfig Config => settings;
    public PairedDomains Domains => settings.Data;
    public int ImageSize => settings.Model.ImageSize;
    public nn.Module Generator => generator;
    public abstract nn.Module Discriminator { get; }
    public nn.Module<Tensor, Tensor> Translator => generator;
    protected RedCnn RedCnn => generator;

    /// <summary>"generator" (and "discriminator" for the arms that have one), each with the arm's Adam.</summary>
    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= CreateOptimizers();

    protected virtual NamedOptimizer[] CreateOptimizers() => NamedOptimizer.AdamPair(generator, Discriminator, settings.Adam);

    /// <summary>Real batches one step consumes (the WGAN arm's n_critic).</summary>
    public virtual int BatchesPerStep => 1;

    public abstract StepLosses Step(StepContext context);

    public nn.Module CreateGenerator() => new RedCnn(1, settings.Model.Width);

    public virtual void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        generator.Dispose();
        Discriminator.Dispose();
        GC.SuppressFinalize(this);
    }
}
