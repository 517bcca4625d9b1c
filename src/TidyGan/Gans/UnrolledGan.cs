using TidyGan.Losses;
using TidyGan.Nn;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>What rebuilds an <see cref="UnrolledGan"/>: networks, loss, k, D's differentiable Adam and G's Adam.</summary>
public sealed record UnrolledGanConfig(PointGanOptions Model, DifferentiableAdam DiscriminatorAdam, int UnrollingSteps = 5,
    AdversarialLossKind Loss = AdversarialLossKind.Minimax) : IModelOptions
{
    public AdamOptions GeneratorAdam { get; init; } = AdamOptions.Paper;

    [JsonIgnore] public ModelKind Kind => ModelKind.UnrolledGan;
}

/// <summary>
/// Unrolled GAN (Metz, Poole, Pfau &amp; Sohl-Dickstein 2016) on 2-D points. D takes one ordinary Adam
/// step. G then minimises its loss against D's parameters after k further Adam steps, θ_D^k(θ_G), and
/// back-propagates through those k steps (create_graph), so G sees how D would react to it: the
/// "surrogate loss" f(θ_G, θ_D^k(θ_G)) of the paper's eq. (5). D's Adam is the pure-function
/// <see cref="DifferentiableAdam"/>, so the unrolled steps are exactly the steps D would take (its
/// moments are the GAN's own state, not the trainer's discriminator optimiser, and are not checkpointed).
/// </summary>
public sealed class UnrolledGan : PointGanBase
{
    private readonly UnrolledGanConfig config;
    private AdamState? adamState;

    public UnrolledGan(UnrolledGanConfig config) : base(config.Model, config.Loss)
    {
        if (config.UnrollingSteps < 0) throw new ArgumentException($"unrolling steps must be 0 or more (got {config.UnrollingSteps})");
        if (Loss.NeedsGradientPenalty) throw new ArgumentException("Unrolled GAN is implemented for the GAN losses, not WGAN-GP");
        if (config.Model.Packing != 1) throw new ArgumentException("Unrolled GAN does not pack samples (packing must be 1)");
        this.config = config;
    }

    public int UnrollingSteps => config.UnrollingSteps;

    public override IModelOptions Options => config;

    /// <summary>Only G's: D is updated by the differentiable Adam that the unrolling replays.</summary>
    protected override IEnumerable<NamedOptimizer> CreateOptimizers() => [NamedOptimizer.Adam("generator", Generator, config.GeneratorAdam)];

    public override StepLosses Step(StepContext context)
    {
        var generatorOptimizer = Optimizers[0].Optimizer;
        var real = context.Batch().Images;
        var fake = Generate(Generator, SampleLatent((int)real.shape[0], context.Random, real.device), null);

        // 1. D's ordinary step, with the same Adam that the unrolling replays.
        var parameters = Critic.OrderedParameters();
        var discriminatorLoss = DiscriminatorLoss(real, fake.detach(), parameters);
        var gradients = autograd.grad([discriminatorLoss], parameters.ToList());
        adamState ??= AdamState.Zero(parameters).Detached();
        using (no_grad())
        {
            var (updated, state) = config.DiscriminatorAdam.Update(parameters, gradients.ToList(), adamState);
            for (int i = 0; i < parameters.Count; i++) parameters[i].copy_(updated[i]);
            adamState = state.Detached();
        }

        // 2. G against D unrolled k steps on the same batch; the graph runs through the fakes into θ_G.
        var unrolled = Unroll(real, fake, UnrollingSteps);
        var generatorLoss = Loss.Generator(Critic.Apply(fake, unrolled));
        generatorOptimizer.zero_grad();
        generatorLoss.backward();
        generatorOptimizer.step();
        Discriminator.zero_grad();                           // G's backward does not reach D's own parameters, but be tidy
        return new StepLosses(discriminatorLoss.detach(), generatorLoss.detach());
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
            (current, state) = config.DiscriminatorAdam.Update(current, gradients.ToList(), state);
        }
        return current;
    }

    private Tensor DiscriminatorLoss(Tensor real, Tensor fake, IReadOnlyList<Tensor> parameters) =>
        Loss.Discriminator(Critic.Apply(real, parameters), Critic.Apply(fake, parameters));
}
