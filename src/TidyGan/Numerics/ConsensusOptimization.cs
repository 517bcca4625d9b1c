using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// Consensus optimisation (Mescheder, Nowozin and Geiger 2017, "The Numerics of GANs", Algorithm 1):
/// both players follow w(z) = v(z) − γ∇L(z), L(z) = ½‖v(z)‖², z ← z + η·w(z). The extra term pulls
/// towards points where the field vanishes; its Jacobian −γJᵀJ adds a negative real part to the
/// eigenvalues. ∇L comes from double back-propagation through v (create_graph), not a hand-written
/// derivative. On the bilinear game ∇L = z, so w = Az − γz: eigenvalues −γ ± i.
/// </summary>
public sealed class ConsensusOptimization(double learningRate, double gamma) : IGameOptimizer
{
    public string Name => "consensus";

    public double LearningRate { get; } = GameOptimizers.CheckRate(learningRate);

    /// <summary>The weight γ of the consensus term (the paper's γ).</summary>
    public double Gamma { get; } = gamma >= 0 && double.IsFinite(gamma) ? gamma
        : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "--gamma must be a finite number ≥ 0");

    public Tensor Step(IGame game, Tensor z)
    {
        var (field, consensusGradient) = FieldAndConsensusGradient(game, z);
        return z + LearningRate * (field - Gamma * consensusGradient);
    }

    /// <summary>v(z) and ∇(½‖v‖²)(z), the latter by back-propagating through the graph of v.</summary>
    public static (Tensor Field, Tensor ConsensusGradient) FieldAndConsensusGradient(IGame game, Tensor z)
    {
        using var enable = enable_grad();
        var point = z.detach().requires_grad_(true);
        var field = GameField.Evaluate(game, point, createGraph: true);
        var halfSquaredNorm = 0.5 * field.square().sum();
        var gradient = autograd.grad([halfSquaredNorm], [point])[0];
        return (field.detach(), gradient.detach());
    }

    public void Reset() { }
}
