using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What every GAN on 2-D points shares (<see cref="PointGan"/>, <see cref="UnrolledGan"/>, <see cref="ConsensusGan"/>):
/// PacGAN's MLP generator on a Gaussian latent, the maxout discriminator and one adversarial loss. The subclasses
/// differ only in their step: how it updates the two players.
/// </summary>
public abstract class PointGanBase : IImageGenerator
{
    private NamedOptimizer[]? optimizers;

    protected PointGanBase(PointGanOptions model, AdversarialLossKind loss)
    {
        model.Validate();
        Model = model;
        Loss = AdversarialLoss.Create(loss);
        Generator = CreateGenerator();
        Discriminator = new MaxoutDiscriminator(model);
    }

    /// <summary>The networks' options.</summary>
    protected PointGanOptions Model { get; }

    protected AdversarialLoss Loss { get; }

    public abstract IModelOptions Options { get; }

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    protected MaxoutDiscriminator Critic => (MaxoutDiscriminator)Discriminator;

    public int ClassCount => 0;

    public virtual int BatchesPerStep => 1;

    public IReadOnlyList<NamedOptimizer> Optimizers => optimizers ??= [.. CreateOptimizers()];

    /// <summary>The torch optimisers the step uses, in checkpoint order.</summary>
    protected abstract IEnumerable<NamedOptimizer> CreateOptimizers();

    public abstract StepLosses Step(StepContext context);

    public nn.Module CreateGenerator() => new PointGenerator(Model);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, Model.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((PointGenerator)generator).call(latent);

    public void Dispose()
    {
        NamedOptimizer.DisposeAll(optimizers);
        Generator.Dispose();
        Discriminator.Dispose();
        GC.SuppressFinalize(this);
    }
}
