using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// Alternating gradient descent-ascent, in the order GAN training uses: the discriminator (maximiser y)
/// steps first, y ← y + η∇ᵧV(x, y), then the generator (minimiser x) steps against the new
/// discriminator, x ← x − η∇ₓV(x, y′). On the bilinear game the update has determinant 1 and, for
/// η &lt; 2, eigenvalues on the unit circle: the iterates circle the equilibrium on a closed orbit,
/// bounded but never converging.
/// </summary>
public sealed class AlternatingGradient(double learningRate) : IGameOptimizer
{
    public string Name => "alternating";

    public double LearningRate { get; } = GameOptimizers.CheckRate(learningRate);

    public Tensor Step(IGame game, Tensor z)
    {
        int nx = game.XDimension;
        var discriminatorStep = z + LearningRate * GameField.Evaluate(game, z);
        var afterDiscriminator = cat([z[..nx], discriminatorStep[nx..]]);               // only y moved
        var generatorStep = afterDiscriminator + LearningRate * GameField.Evaluate(game, afterDiscriminator);
        return cat([generatorStep[..nx], afterDiscriminator[nx..]]);                     // then only x
    }

    public void Reset() { }
}
