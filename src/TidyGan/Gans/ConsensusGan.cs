using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Consensus optimisation (Mescheder, Nowozin &amp; Geiger 2017) on 2-D points: both players step at
/// once, each along its own loss's gradient plus γ·∇½‖v‖² (<see cref="ConsensusTerm"/>). The trainer's two
/// optimisers apply the regularised gradients, so the learning-rate schedule and checkpoints still work.
/// </summary>
public sealed class ConsensusGan : ISelfUpdatingGan
{
    private readonly PointGanOptions options;
    private readonly AdversarialLoss loss;

    public ConsensusGan(PointGanOptions options, double weight = ConsensusTerm.DefaultWeight, AdversarialLossKind loss = AdversarialLossKind.NonSaturating)
    {
        options.Validate();
        if (options.Packing != 1) throw new ArgumentException("consensus optimisation does not pack samples (packing must be 1)");
        this.options = options;
        this.loss = AdversarialLoss.Create(loss);
        Weight = weight;
        LossKind = loss;
        Generator = CreateGenerator();
        Discriminator = new MaxoutDiscriminator(options);
    }

    /// <summary>γ.</summary>
    public double Weight { get; }

    public AdversarialLossKind LossKind { get; }

    public string Kind => "consensus-gan";

    public object Options => new { Model = options, Loss = LossKind, ConsensusWeight = Weight };

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    public int ClassCount => 0;

    public nn.Module CreateGenerator() => new PointGenerator(options);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, options.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((PointGenerator)generator).call(latent);

    public (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer)
    {
        var critic = (MaxoutDiscriminator)Discriminator;
        var fake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        var fakeLogits = critic.call(fake);                 // one graph for both players: simultaneous gradients
        var discriminatorLoss = loss.Discriminator(critic.call(real.Images), fakeLogits);
        var generatorLoss = loss.Generator(fakeLogits);
        var discriminatorParameters = Discriminator.parameters().ToList();
        var generatorParameters = Generator.parameters().ToList();
        var (d, g, halfSquaredNorm) = ConsensusTerm.Gradients(discriminatorLoss, discriminatorParameters, generatorLoss, generatorParameters, Weight);

        // Hand the regularised gradients to the optimisers through a linear surrogate: ∇_p Σ(c·p) = c.
        discriminatorOptimizer.zero_grad();
        generatorOptimizer.zero_grad();
        var surrogate = discriminatorParameters.Select((p, i) => (d[i] * p).sum())
            .Concat(generatorParameters.Select((p, i) => (g[i] * p).sum())).Aggregate((a, b) => a + b);
        surrogate.backward();
        discriminatorOptimizer.step();
        generatorOptimizer.step();
        return (new LossTerms(discriminatorLoss.detach(), ("consensus/half_squared_norm", halfSquaredNorm.detach())),
            new LossTerms(generatorLoss.detach()));
    }

    /// <summary>Not used: the trainer calls <see cref="Update"/> for GANs that update themselves.</summary>
    public LossTerms DiscriminatorStep(Batch real, Generator random) => throw new NotSupportedException("consensus GAN updates itself (ISelfUpdatingGan.Update)");

    /// <inheritdoc cref="DiscriminatorStep"/>
    public LossTerms GeneratorStep(Batch real, Generator random) => throw new NotSupportedException("consensus GAN updates itself (ISelfUpdatingGan.Update)");

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
