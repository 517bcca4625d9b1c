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

    public abstract IModelOptions Options { get; }
    public abstract int BatchesPerStep { get; }
    public nn.Module Generator => G;
    public nn.Module Discriminator => D;
    public int ClassCount => 0;

    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= NamedOptimizer.AdamPair(G, D, adam);

    public abstract StepLosses Step(StepContext context);

    public nn.Module CreateGenerator() => new DcGanGenerator(model);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, model.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((DcGanGenerator)generator).call(latent);

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        G.Dispose();
        D.Dispose();
        GC.SuppressFinalize(this);
    }
}
