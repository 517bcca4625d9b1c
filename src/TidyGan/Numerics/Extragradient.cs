using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// Extragradient (Korpelevich 1976): look ahead with one step, then step from the original point with
/// the field found there: z½ = z + η·v(z), z ← z + η·v(z½). On the bilinear game the update
/// (1 − η²)I + ηA has modulus √(1 − η² + η⁴) &lt; 1 for 0 &lt; η &lt; 1: it converges.
/// </summary>
public sealed class Extragradient(double learningRate) : IGameOptimizer
{
    public string Name => "extragradient";

    public double LearningRate { get; } = GameOptimizers.CheckRate(learningRate);

    public Tensor Step(IGame game, Tensor z)
    {
        var lookahead = z + LearningRate * GameField.Evaluate(game, z);
        return z + LearningRate * GameField.Evaluate(game, lookahead);
    }

    public void Reset() { }
}
