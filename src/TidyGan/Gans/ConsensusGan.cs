using System.Text.Json.Serialization;
using TidyGan.Losses;
using TidyGan.Nn;

namespace TidyGan.Gans;

/// <summary>What rebuilds a <see cref="ConsensusGan"/>: networks, loss, γ and Adam.</summary>
public sealed record ConsensusGanConfig(PointGanOptions Model, double Weight = ConsensusTerm.DefaultWeight,
    AdversarialLossKind Loss = AdversarialLossKind.NonSaturating) : IModelOptions
{
    public AdamOptions Adam { get; init; } = AdamOptions.Paper;

    [JsonIgnore] public ModelKind Kind => ModelKind.ConsensusGan;
}

/// <summary>
/// Consensus optimisation (Mescheder, Nowozin &amp; Geiger 2017) on 2-D points: both players step at once, each along
/// its own loss's gradient plus γ·∇½‖v‖² (<see cref="ConsensusTerm"/>), applied by the two Adams.
/// </summary>
public sealed class ConsensusGan : PointGanBase
{
    private readonly ConsensusGanConfig config;

    public ConsensusGan(ConsensusGanConfig config) : base(config.Model, config.Loss)
    {
        if (config.Model.Packing != 1) throw new ArgumentException("consensus optimisation does not pack samples (packing must be 1)");
        this.config = config;
    }

    public override IModelOptions Options => config;

    protected override IEnumerable<NamedOptimizer> CreateOptimizers() =>
        NamedOptimizer.AdamPair(Generator, Discriminator, config.Adam);

    public override StepLosses Step(StepContext context)
    {
        var (generatorOptimizer, discriminatorOptimizer) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer);
        var real = context.Batch().Images;
        var fake = Generate(Generator, SampleLatent((int)real.shape[0], context.Random, real.device), null);
        var fakeLogits = Critic.call(fake);                 // one graph for both players: simultaneous gradients
        var discriminatorLoss = Loss.Discriminator(Critic.call(real), fakeLogits);
        var generatorLoss = Loss.Generator(fakeLogits);
        var discriminatorParameters = Discriminator.parameters().ToList();
        var generatorParameters = Generator.parameters().ToList();
        var (d, g, halfSquaredNorm) = ConsensusTerm.Gradients(discriminatorLoss, discriminatorParameters, generatorLoss, generatorParameters, config.Weight);

        // Hand the regularised gradients to the optimisers through a linear surrogate: ∇_p Σ(c·p) = c.
        discriminatorOptimizer.zero_grad();
        generatorOptimizer.zero_grad();
        var surrogate = discriminatorParameters.Select((p, i) => (d[i] * p).sum())
            .Concat(generatorParameters.Select((p, i) => (g[i] * p).sum())).Aggregate((a, b) => a + b);
        surrogate.backward();
        discriminatorOptimizer.step();
        generatorOptimizer.step();
        return new StepLosses(discriminatorLoss.detach(), generatorLoss.detach(), ("consensus/half_squared_norm", halfSquaredNorm.detach()));
    }
}
