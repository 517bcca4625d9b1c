using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// V(x, y) = x·y with x, y ∈ ℝᵈ: the simplest zero-sum game. Its only equilibrium is (0, 0); the field
/// v = (−y, x) is a pure rotation (Jacobian eigenvalues ±i, curl 2 in the 1+1 case), so plain
/// simultaneous gradient steps spiral outwards.
/// </summary>
public sealed class BilinearGame : IGame
{
    public BilinearGame(int dimension = 1)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the bilinear game needs dimension ≥ 1");
        XDimension = YDimension = dimension;
    }

    public string Name => "bilinear";

    public string Formula => XDimension == 1 ? "V(x, y) = x·y" : $"V(x, y) = x·y, x, y ∈ ℝ^{XDimension}";

    public string XName => "x (minimiser)";

    public string YName => "y (maximiser)";

    public int XDimension { get; }

    public int YDimension { get; }

    public Tensor Value(Tensor x, Tensor y) => (x * y).sum();

    public double[] Equilibrium => new double[XDimension + YDimension];
}
