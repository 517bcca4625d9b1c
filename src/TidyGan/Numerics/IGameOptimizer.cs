using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// One step rule for both players of a game at once, on the joint point z = (x, y) and the field
/// v = (−∇ₓV, ∇ᵧV) of <see cref="GameField"/>. Steps take and return detached float64 vectors.
/// </summary>
public interface IGameOptimizer
{
    /// <summary>The name used on the command line and in tables ("simultaneous", "consensus", ...).</summary>
    string Name { get; }

    /// <summary>The step size η.</summary>
    double LearningRate { get; }

    /// <summary>The next point from <paramref name="z"/>.</summary>
    Tensor Step(IGame game, Tensor z);

    /// <summary>Forgets any state carried between steps (optimistic GD's previous field), before a new trajectory.</summary>
    void Reset();
}
