using TidyGan.Losses;
using TidyGan.Nn;
using TidyGan.Numerics.Modes;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Unrolled GAN (Metz, Poole, Pfau &amp; Sohl-Dickstein 2016) on 2-D points. D takes one ordinary Adam
/// step. G then minimises its loss against D's parameters after k further Adam steps, θ_D^k(θ_G), and
/// back-propagates through those k steps (create_graph), so G sees how D would react to it: the
/// "surrogate loss" f(θ_G, θ_D^k(θ_G)) of the paper's eq. (5). D's Adam is the pure-function
/// <see cref="DifferentiableAdam"/>, so the unrolled steps are exactly the steps D would take (its
/// moments are the GAN's own state, not the trainer's discriminator optimiser, and are not checkpointed).
/// </summary>
public sealed class UnrolledGan : SelfUpdatingPointGan
{
    private readonly DifferentiableAdam discriminatorAdam;
    private AdamState? adamState;

    /// <param name="unrollingSteps">k; the paper and VEEGAN's comparison use 5.</param>
    /// <param name="loss">The paper's surrogate is the saddle objective f (minimax); non-saturating also works.</param>
    public UnrolledGan(PointGanOptions options, DifferentiableAdam discriminatorAdam, int unrollingSteps = 5,
        AdversarialLossKind loss = AdversarialLossKind.Minimax) : base(options, loss)
    {
        if (unrollingSteps < 0) throw new ArgumentException($"unrolling steps must be 0 or more (got {unrollingSteps})");
        if (Loss.NeedsGradientPenalty) throw new ArgumentException("Unrolled GAN is implemented for the GAN losses, not WGAN-GP");
        this.discriminatorAdam = discriminatorAdam;
        UnrollingSteps = unrollingSteps;
    }

    public int UnrollingSteps { get; }

    public override string Kind => "unrolled-gan";

    public override object Options => new { Model, Loss = LossKind, UnrollingSteps, DiscriminatorAdam = discriminatorAdam };

    public override (LossTerms Discriminator, LossTerms Generator) Update(Batch real, Generator random,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer)
    {
        var fake = Generate(Generator, SampleLatent(real.Size, random, real.Images.device), null);

        // 1. D's ordinary step, with the same Adam that the unrolling replays.
        var parameters = Critic.OrderedParameters();
        var discriminatorLoss = DiscriminatorLoss(real.Images, fake.detach(), parameters);
        var gradients = autograd.grad([discriminatorLoss], parameters.ToList());
        adamState ??= AdamState.Zero(parameters).Detached();
        using (no_grad())
        {
            var (updated, state) = discriminatorAdam.Update(parameters, gradients.ToList(), adamState);
            for (int i = 0; i < parameters.Count; i++) parameters[i].copy_(updated[i]);
            adamState = state.Detached();
        }

        // 2. G against D unrolled k steps on the same batch; the graph runs through the fakes into θ_G.
        var unrolled = Unroll(real.Images, fake, UnrollingSteps);
        var generatorLoss = Loss.Generator(Critic.Apply(fake, unrolled));
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        generatorOptimizer.step();
        Discriminator.zero_grad();                           // G's backward does not reach D's own parameters, but be tidy
        return (new LossTerms(discriminatorLoss.detach()), new LossTerms(generatorLoss.detach()));
    }

    /// <summary>
    /// D's parameters after <paramref name="steps"/> differentiable Adam steps from its current ones on
    /// (real, fake). With a <paramref name="fake"/> that carries a graph, the result is a function of θ_G.
    /// </summary>
    public IReadOnlyList<Tensor> Unroll(Tensor real, Tensor fake, int steps)
    {
        IReadOnlyList<Tensor> current = Critic.OrderedParameters().Select(p => p.detach().requires_grad_(true)).ToList();
        var state = adamState ?? AdamState.Zero(current);
        for (int k = 0; k < steps; k++)
        {
            var stepLoss = DiscriminatorLoss(real, fake, current);
            var gradients = autograd.grad([stepLoss], current.ToList(), retain_graph: true, create_graph: true);
            (current, state) = discriminatorAdam.Update(current, gradients.ToList(), state);
        }
        return current;
    }

    private Tensor DiscriminatorLoss(Tensor real, Tensor fake, IReadOnlyList<Tensor> parameters) =>
        Loss.Discriminator(Critic.Apply(real, parameters), Critic.Apply(fake, parameters));
}
