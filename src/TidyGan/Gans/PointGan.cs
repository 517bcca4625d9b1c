using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Numerics.Modes;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// A GAN on 2-D points (the mixture benchmarks): the plain GAN with any adversarial loss (non-saturating,
/// minimax, WGAN-GP) and PacGAN (Lin 2018) when <see cref="PointGanOptions.Packing"/> m &gt; 1: real and
/// generated batches of N·m points are packed into N rows of m points before D sees them.
/// </summary>
public sealed class PointGan : IGan
{
    private readonly PointGanOptions options;
    private readonly AdversarialLoss loss;
    private readonly double gradientPenaltyWeight;
    private Tensor? lastFake;

    public PointGan(PointGanOptions options, AdversarialLossKind loss = AdversarialLossKind.NonSaturating, double gradientPenaltyWeight = 10)
    {
        options.Validate();
        this.options = options;
        this.loss = AdversarialLoss.Create(loss);
        this.gradientPenaltyWeight = gradientPenaltyWeight;
        LossKind = loss;
        Generator = CreateGenerator();
        Discriminator = new MaxoutDiscriminator(options);
    }

    public string Kind => "point-gan";

    public AdversarialLossKind LossKind { get; }

    public object Options => new GanOptions<PointGanOptions>(options, LossKind, gradientPenaltyWeight);

    public nn.Module Generator { get; }

    public nn.Module Discriminator { get; }

    public int ClassCount => 0;

    public nn.Module CreateGenerator() => new PointGenerator(options);

    public Tensor SampleLatent(int count, Generator random, Device device) =>
        randn([count, options.LatentDim], generator: random, device: device);

    public Tensor Generate(nn.Module generator, Tensor latent, Tensor? labels) => ((PointGenerator)generator).call(latent);

    public LossTerms DiscriminatorStep(Batch real, Generator random)
    {
        lastFake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);   // N·m fakes for N·m real points
        var critic = (MaxoutDiscriminator)Discriminator;
        return AdversarialTerms.Discriminator(loss, x => critic.call(x), Packing.Pack(real.Images, options.Packing),
            Packing.Pack(lastFake.detach(), options.Packing), gradientPenaltyWeight, random);
    }

    public LossTerms GeneratorStep(Batch real, Generator random)
    {
        var fake = lastFake ?? Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        lastFake = null;
        return new LossTerms(loss.Generator(((MaxoutDiscriminator)Discriminator).call(Packing.Pack(fake, options.Packing))));
    }

    public void Dispose()
    {
        Generator.Dispose();
        Discriminator.Dispose();
    }
}
