using System.Numerics;

namespace TidyGan.Numerics;

/// <summary>
/// The local picture at the equilibrium z*: the Jacobian J of the field v (autograd), its eigenvalues
/// (imaginary parts = rotation, real parts = attraction when negative), the curl for planar games and
/// the size of the antisymmetric part of J. Gradient steps converge locally only if every eigenvalue has
/// a negative real part and η is small against |Im λ| (Mescheder 2017, Theorem 3 and Lemma 4).
/// </summary>
public sealed record EquilibriumAnalysis(double[] Equilibrium, double[,] Jacobian, Complex[] Eigenvalues, double? Curl, double RotationNorm)
{
    public static EquilibriumAnalysis At(IGame game)
    {
        var star = game.Equilibrium;
        var jacobian = GameField.Jacobian(game, star);
        bool planar = game.XDimension == 1 && game.YDimension == 1;
        return new EquilibriumAnalysis(star, jacobian, GameField.Eigenvalues(jacobian),
            planar ? jacobian[1, 0] - jacobian[0, 1] : null, GameField.RotationNorm(jacobian));
    }

    /// <summary>"a ± bi"-style text for one eigenvalue.</summary>
    public static string Format(Complex value, string format = "0.####")
    {
        string re = Clean(value.Real).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        double im = Clean(value.Imaginary);
        if (im == 0) return re;
        string imText = Math.Abs(im).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return $"{re} {(im < 0 ? "−" : "+")} {imText}i";
    }

    private static double Clean(double v) => Math.Abs(v) < 1e-12 ? 0.0 : v;
}
