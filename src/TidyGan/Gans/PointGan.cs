using System.Text.Json.Serialization;
using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>What rebuilds a <see cref="PointGan"/>: networks (with PacGAN's packing m), loss, n_critic, Adam and WGAN-GP's λ.</summary>
public sealed record PointGanConfig(PointGanOptions Model, AdversarialLossKind Loss = AdversarialLossKind.NonSaturating,
    int CriticSteps = 1, double GradientPenaltyWeight = WganGpRecipe.PenaltyWeight) : IModelOptions
{
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    [JsonIgnore] public ModelKind Kind => ModelKind.PointGan;
}

/// <summary>
/// A GAN on 2-D points (the mixture benchmarks): the plain GAN with any adversarial loss (non-saturating, minimax,
/// WGAN-GP) and PacGAN (Lin 2018) when <see cref="PointGanOptions.Packing"/> m &gt; 1: real and generated batches of
/// N·m points are packed into N rows of m points before D sees them.
/// </summary>
public sealed class PointGan(PointGanConfig config) : PointGanBase(config.Model, config.Loss)
{
    public override IModelOptions Options => config;

    public override int BatchesPerStep => config.CriticSteps;

    protected override IEnumerable<NamedOptimizer> CreateOptimizers() =>
        NamedOptimizer.AdamPair(Generator, Discriminator, config.Adam);

    public override StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        int m = Model.Packing;
        Tensor fake = null!;
        (Tensor Loss, (string, Tensor)[] Diagnostics) d = (null!, []);
        for (int k = 0; k < config.CriticSteps; k++)
        {
            var real = context.Batch(k).Images;
            discriminatorOptimizer.zero_grad();
            fake = Generate(Generator, SampleLatent((int)real.shape[0], context.Random, real.device), null);   // N·m fakes for N·m real points
            d = DiscriminatorLoss.Compute(Loss, x => Critic.call(x), Packing.Pack(real, m), Packing.Pack(fake.detach(), m),
                config.GradientPenaltyWeight, context.Random);
            d.Loss.backward();
            discriminatorOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var g = Loss.Generator(Critic.call(Packing.Pack(fake, m)));
        g.backward();
        generatorOptimizer.step();
        return new StepLosses(d.Loss, g, d.Diagnostics);
    }
}
