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
public sealed class PointGan : PointGanBase
{
    private readonly double gradientPenaltyWeight;
    private Tensor? lastFake;

    public PointGan(PointGanOptions options, AdversarialLossKind loss = AdversarialLossKind.NonSaturating, double gradientPenaltyWeight = 10)
        : base(options, loss) => this.gradientPenaltyWeight = gradientPenaltyWeight;

    public override string Kind => "point-gan";

    public override object Options => new GanOptions<PointGanOptions>(Model, LossKind, gradientPenaltyWeight);

    public override LossTerms DiscriminatorStep(Batch real, Generator random)
    {
        lastFake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);   // N·m fakes for N·m real points
        return AdversarialTerms.Discriminator(Loss, x => Critic.call(x), Packing.Pack(real.Images, Model.Packing),
            Packing.Pack(lastFake.detach(), Model.Packing), gradientPenaltyWeight, random);
    }

    public override LossTerms GeneratorStep(Batch real, Generator random)
    {
        var fake = lastFake ?? Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        lastFake = null;
        return new LossTerms(Loss.Generator(Critic.call(Packing.Pack(fake, Model.Packing))));
    }
}
