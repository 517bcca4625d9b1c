using System.Text.Json.Serialization;
using TidyGan.Losses;
using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// WGAN-GP's recipe (Gulrajani et al. 2017, Algorithm 1 and §4): n_critic = 5 critic updates per generator update,
/// Adam α = 1e-4, β = (0, 0.9), penalty weight λ = 10, and a critic without batch norm (the penalty is taken per
/// sample, which batch statistics break; layer norm instead). Every verb that takes `--loss wgan-gp` uses it.
/// </summary>
public static class WganGpRecipe
{
    public const int CriticSteps = 5;
    public const double PenaltyWeight = GradientPenalty.DefaultWeight;
    public static AdamOptions Adam { get; } = new(LearningRate: 1e-4, Beta1: 0, Beta2: 0.9);
    public const DiscriminatorNorm CriticNorm = DiscriminatorNorm.LayerNorm;
}

/// <summary>What rebuilds a <see cref="WganGp"/>: the DC-GAN networks (critic with layer norm) and the recipe's numbers.</summary>
public sealed record WganGpConfig(DcGanOptions Model, int CriticSteps = WganGpRecipe.CriticSteps, double PenaltyWeight = WganGpRecipe.PenaltyWeight) : IModelOptions
{
    public AdamOptions Adam { get; init; } = WganGpRecipe.Adam;

    [JsonIgnore] public ModelKind Kind => ModelKind.WganGp;

    /// <summary>The recipe on <paramref name="model"/>'s networks, its critic switched to layer norm.</summary>
    public static WganGpConfig For(DcGanOptions model) => new(model with { DiscriminatorNorm = WganGpRecipe.CriticNorm });

    public WganGpConfig Validate()
    {
        Model.Validate();
        Adam.Validate();
        if (Model.DiscriminatorNorm == DiscriminatorNorm.BatchNorm)
            throw new ArgumentException("a WGAN-GP critic must not use batch norm: the gradient penalty is per sample (use layer norm)");
        if (CriticSteps < 1) throw new ArgumentException($"critic steps must be at least 1 (got {CriticSteps})");
        if (!(PenaltyWeight >= 0)) throw new ArgumentException($"penalty weight must be 0 or more (got {PenaltyWeight})");
        return this;
    }
}

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017) on DC-GAN's networks, Algorithm 1:
///   n_critic times: x ~ P_r, z ~ p(z), x̃ = G(z), x̂ = εx + (1 − ε)x̃;  L = D(x̃) − D(x) + λ(‖∇_x̂ D(x̂)‖₂ − 1)²;  Adam on w.
///   then: G minimises −D(G(z)).
/// One difference from the algorithm: G's update reuses the fakes of the last critic iteration instead of drawing
/// new z (one G forward per step, as TidyGan's DC-GAN does); checkpoints stay bit-identical to earlier versions.
/// </summary>
public sealed class WganGp : DcGanNetworks
{
    private readonly WganGpConfig config;

    public WganGp(WganGpConfig config) : base(config.Validate().Model, config.Adam) => this.config = config;

    public WganGpConfig Config => config;
    public override IModelOptions Options => config;
    public override int BatchesPerStep => config.CriticSteps;

    public override StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, criticOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        Tensor fake = null!, criticLoss = null!, realScore = null!, fakeScore = null!, penalty = null!;
        for (int t = 0; t < config.CriticSteps; t++)
        {
            var real = context.Batch(t).Images;
            criticOptimizer.zero_grad();
            fake = G.call(SampleLatent((int)real.shape[0], context.Random, real.device));
            realScore = D.call(real);
            fakeScore = D.call(fake.detach());
            penalty = GradientPenalty.Compute(x => D.call(x), real, fake.detach(), config.PenaltyWeight, context.Random);
            criticLoss = fakeScore.mean() - realScore.mean() + penalty;          // the critic estimates −W(P_r, P_g)
            criticLoss.backward();
            criticOptimizer.step();
        }

        generatorOptimizer.zero_grad();
        var generatorLoss = -D.call(fake).mean();
        generatorLoss.backward();
        generatorOptimizer.step();
        return new StepLosses(criticLoss, generatorLoss,
            ("logit/real", realScore.mean()), ("logit/fake", fakeScore.mean()), ("gradient_penalty", penalty));
    }
}
