using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// Simultaneous gradient descent-ascent: both players step from the same point,
/// z ← z + η·v(z). On the bilinear game the update matrix I + ηA has eigenvalues 1 ± iη, modulus
/// √(1 + η²) &gt; 1: the iterates spiral away from the equilibrium for every η &gt; 0.
/// </summary>
public sealed class SimultaneousGradient(double learningRate) : IGameOptimizer
{
    public string Name => "simultaneous";

    public double LearningRate { get; } = GameOptimizers.CheckRate(learningRate);

    public Tensor Step(IGame game, Tensor z) => z + LearningRate * GameField.Evaluate(game, z);

    public void Reset() { }
}
