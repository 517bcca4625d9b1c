using System.Globalization;
using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// A bilinear game with quadratic terms and an equilibrium away from the origin:
/// V(x, y) = (a/2)‖x − x*‖² + (x − x*)·(y − y*) − (b/2)‖y − y*‖², with x, y ∈ ℝᵈ.
/// For a, b &gt; 0 it is strongly convex in x and strongly concave in y, so (x*, y*) is the unique
/// equilibrium; the Jacobian of the field there is [[−a·I, −I], [I, −b·I]], eigenvalues
/// −(a + b)/2 ± √(((a − b)/2)² − 1): a negative real part that pulls even simultaneous steps in,
/// against the ±i rotation of the bilinear part.
/// </summary>
public sealed class QuadraticBilinearGame : IGame
{
    private readonly double[] xStar, yStar;

    public QuadraticBilinearGame(double a = 0.1, double b = 0.1, double[]? xStar = null, double[]? yStar = null)
    {
        this.xStar = xStar ?? [1.0];
        this.yStar = yStar ?? [-1.0];
        if (this.xStar.Length != this.yStar.Length || this.xStar.Length == 0)
            throw new ArgumentException($"x* ({this.xStar.Length}) and y* ({this.yStar.Length}) must have the same, non-zero length");
        if (a < 0 || b < 0) throw new ArgumentOutOfRangeException(nameof(a), $"a = {a}, b = {b}: the curvatures must be ≥ 0");
        A = a;
        B = b;
    }

    /// <summary>Curvature of V in x (the minimiser's strong convexity).</summary>
    public double A { get; }

    /// <summary>Curvature of −V in y (the maximiser's strong concavity).</summary>
    public double B { get; }

    public string Name => "quadratic";

    public string Formula => string.Create(CultureInfo.InvariantCulture,
        $"V = {A:0.###}/2·‖x−x*‖² + (x−x*)·(y−y*) − {B:0.###}/2·‖y−y*‖², x* = ({string.Join(", ", xStar.Select(v => v.ToString(CultureInfo.InvariantCulture)))}), y* = ({string.Join(", ", yStar.Select(v => v.ToString(CultureInfo.InvariantCulture)))})");

    public string XName => "x (minimiser)";

    public string YName => "y (maximiser)";

    public int XDimension => xStar.Length;

    public int YDimension => yStar.Length;

    public Tensor Value(Tensor x, Tensor y)
    {
        var dx = x - tensor(xStar, dtype: x.dtype, device: x.device);
        var dy = y - tensor(yStar, dtype: y.dtype, device: y.device);
        return 0.5 * A * dx.square().sum() + (dx * dy).sum() - 0.5 * B * dy.square().sum();
    }

    public double[] Equilibrium => [.. xStar, .. yStar];
}
