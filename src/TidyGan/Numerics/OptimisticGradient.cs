using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// Optimistic gradient descent-ascent (Daskalakis, Ilyas, Syrgkanis and Zeng 2018, "Training GANs with
/// optimism"): z ← z + 2η·v(zₜ) − η·v(zₜ₋₁), a step that corrects with the change of the field since the
/// last one. The first step, with no previous field, is a plain simultaneous step. Converges on the
/// bilinear game for small η, more slowly than extragradient at the same η (one field evaluation per
/// step instead of two).
/// </summary>
public sealed class OptimisticGradient(double learningRate) : IGameOptimizer
{
    private Tensor? previousField;

    public string Name => "optimistic";

    public double LearningRate { get; } = GameOptimizers.CheckRate(learningRate);

    public Tensor Step(IGame game, Tensor z)
    {
        var field = GameField.Evaluate(game, z);
        var previous = previousField ?? field;
        var next = z + 2 * LearningRate * field - LearningRate * previous;
        previousField?.Dispose();
        previousField = field.detach().clone().DetachFromDisposeScope();   // ours until the next step or Reset
        return next;
    }

    public void Reset()
    {
        previousField?.Dispose();
        previousField = null;
    }
}
