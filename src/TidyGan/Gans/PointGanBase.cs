using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// What every GAN on 2-D points shares (<see cref="PointGan"/>, <see cref="UnrolledGan"/>,
/// <see cref="ConsensusGan"/>): PacGAN's MLP generator on a Gaussian latent, the maxout discriminator
/// and one adversarial loss. The subclasses differ only in how a training step updates the two players.
/// </summary>
public abstract class PointGanBase : IGan
{
    protected PointGanBase(PointGanOptions options, AdversarialLossKind loss)
    {
        options.Validate();
        Model = options;
        Loss = AdversarialLoss.Create(loss);
        LossKind = loss;
        Generator = CreateGenerator();
        Discriminator = new MaxoutDiscriminator(options);
    }

    /// <summary>The networks' options.</summary>
    protected PointGanOptions Model { get; }

    protected AdversarialLoss Loss { get; }

    public AdversarialLossKind LossKind { get; }

    public abstract string Kind { get; }

    public abstract object Options { get; }

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    protected MaxoutDiscriminator Critic => (MaxoutDiscriminator)Discriminator;

    public int ClassCount => 0;

    public nn.Module CreateGenerator() => new PointGenerator(Model);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, Model.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((PointGenerator)generator).call(latent);

    public abstract LossTerms DiscriminatorStep(Batch real, Generator random);

    public abstract LossTerms GeneratorStep(Batch real, Generator random);

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
        GC.SuppressFinalize(this);
    }
}
