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
public sealed class ConsensusGan : SelfUpdatingPointGan
{
    public ConsensusGan(PointGanOptions options, double weight = ConsensusTerm.DefaultWeight, AdversarialLossKind loss = AdversarialLossKind.NonSaturating)
        : base(options, loss) => Weight = weight;

    /// <summary>γ.</summary>
    public double Weight { get; }

    public override string Kind => "consensus-gan";

    public override object Options => new { Model, Loss = LossKind, ConsensusWeight = Weight };

    public override (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer)
    {
        var fake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);
        var fakeLogits = Critic.call(fake);                 // one graph for both players: simultaneous gradients
        var discriminatorLoss = Loss.Discriminator(Critic.call(real.Images), fakeLogits);
        var generatorLoss = Loss.Generator(fakeLogits);
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
}
