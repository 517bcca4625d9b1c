using TidyGan.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What <see cref="DcGan"/> and <see cref="WganGp"/> share: DC-GAN's generator on z ~ N(0, I) and its discriminator
/// (critic), with one Adam each. The subclasses differ only in their options and their step.
/// </summary>
public abstract class DcGanNetworks : IImageGenerator
{
    private readonly DcGanOptions model;
    private readonly AdamOptions adam;
    private NamedOptimizer[]? optimizers;

    protected DcGanNetworks(DcGanOptions model, AdamOptions adam)
    {
        this.model = model;
        this.adam = adam;
        G = new DcGanGenerator(model);                    // initialised N(0, 0.02) by their constructors
        D = new DcGanDiscriminator(model);
    }

    /// <summary>The generator G and the discriminator (critic) D, named as in the papers.</summary>
    protected DcGanGenerator G { get; }
    protected DcGanDiscriminator D { get; }

    /// <inheritdoc/>
    public abstract IModelOptions Options { get; }

    /// <inheritdoc/>
    public abstract int BatchesPerStep { get; }

    /// <summary>The generator G (z [N, LatentDim] → images [N, C, S, S] in [-1, 1]).</summary>
    public nn.Module Generator => G;

    /// <summary>The discriminator (critic) D (images → one logit per image).</summary>
    public nn.Module Discriminator => D;

    /// <summary>0: DC-GAN is unconditional.</summary>
    public int ClassCount => 0;

    /// <summary>Adam for G, then Adam for D, created on first use.</summary>
    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= NamedOptimizer.AdamPair(G, D, adam);

    /// <inheritdoc/>
    public abstract StepLosses Step(StepContext context);

    /// <inheritdoc/>
    public nn.Module CreateGenerator() => new DcGanGenerator(model);

    /// <summary>z ~ N(0, I): [<paramref name="count"/>, LatentDim], drawn from <paramref name="random"/>.</summary>
    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, model.LatentDim], generator: random, device: device);

    /// <summary>Runs <paramref name="generator"/> (this GAN's G or its EMA copy) on <paramref name="latent"/>; labels are ignored.
    /// The trainer's sampling wraps it with no gradients and batch statistics.</summary>
    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((DcGanGenerator)generator).call(latent);

    /// <summary>Disposes both networks and the optimisers.</summary>
    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        G.Dispose();
        D.Dispose();
        GC.SuppressFinalize(this);
    }
}
