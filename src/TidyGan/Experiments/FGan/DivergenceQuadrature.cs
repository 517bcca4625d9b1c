using TidyGan.Losses;

namespace TidyGan.Experiments.FGan;

/// <summary>
/// D_f(P‖N(μ, σ²)) by quadrature, and its exact minimiser over (μ, σ): the answer the GAN fit should approach
/// if the critic were optimal and the generator reached the minimum. Uses only the divergence's f (Table 1).
/// </summary>
public static class DivergenceQuadrature
{
    /// <summary>Midpoint rule on [−<paramref name="halfWidth"/>, +halfWidth] with <paramref name="points"/> cells.</summary>
    public static double Divergence(FDivergence divergence, Func<double, double> p, Func<double, double> q, double halfWidth = 12, int points = 4800)
    {
        double dx = 2 * halfWidth / points, sum = 0;
        for (int i = 0; i < points; i++)
        {
            double x = -halfWidth + (i + 0.5) * dx;
            sum += divergence.Integrand(p(x), q(x));
        }
        return sum * dx;
    }

    public static double Gaussian(double x, double mean, double stdDev) =>
        Math.Exp(-0.5 * (x - mean) * (x - mean) / (stdDev * stdDev)) / (stdDev * Math.Sqrt(2 * Math.PI));

    /// <summary>D_f(P‖N(μ, σ²)) for the target P.</summary>
    public static double ToGaussian(FDivergence divergence, GaussianMixture1D target, double mean, double stdDev) =>
        Divergence(divergence, target.Density, x => Gaussian(x, mean, stdDev));

    /// <summary>
    /// argmin over μ ≥ 0, σ ∈ [0.1, 6] of D_f(P‖N(μ, σ²)): a grid search, then Nelder–Mead in (μ, log σ).
    /// Only μ ≥ 0 because the target is symmetric: a minimiser at −μ is its mirror image.
    /// </summary>
    public static (double Mean, double StdDev, double Divergence) Minimise(FDivergence divergence, GaussianMixture1D target)
    {
        double Objective(double mean, double logStdDev)
        {
            double value = ToGaussian(divergence, target, mean, Math.Exp(logStdDev));
            return double.IsNaN(value) ? double.PositiveInfinity : value;
        }

        (double M, double L, double V) best = (0, 0, double.PositiveInfinity);
        for (double m = 0; m <= 3.0001; m += 0.1)
            for (double l = Math.Log(0.1); l <= Math.Log(6) + 1e-9; l += 0.1)
            {
                double v = Objective(m, l);
                if (v < best.V) best = (m, l, v);
            }
        var (mean, logStdDev, value) = NelderMead(Objective, best.M, best.L, 0.05, 0.05);
        if (mean < 0) mean = -mean;                      // the mirror image, by the target's symmetry
        return (mean, Math.Exp(logStdDev), value);
    }

    /// <summary>Nelder–Mead in two dimensions (standard coefficients 1, 2, ½, ½), until the simplex's values agree to 1e-12.</summary>
    private static (double X, double Y, double Value) NelderMead(Func<double, double, double> f, double x0, double y0, double dx, double dy)
    {
        var simplex = new[] { (X: x0, Y: y0, V: f(x0, y0)), (X: x0 + dx, Y: y0, V: f(x0 + dx, y0)), (X: x0, Y: y0 + dy, V: f(x0, y0 + dy)) };
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            Array.Sort(simplex, (a, b) => a.V.CompareTo(b.V));
            var (best, middle, worst) = (simplex[0], simplex[1], simplex[2]);
            if (Math.Abs(worst.V - best.V) < 1e-12 && Math.Abs(worst.X - best.X) + Math.Abs(worst.Y - best.Y) < 1e-9) break;
            double cx = (best.X + middle.X) / 2, cy = (best.Y + middle.Y) / 2;
            (double X, double Y, double V) Point(double t) { double x = cx + t * (worst.X - cx), y = cy + t * (worst.Y - cy); return (x, y, f(x, y)); }
            var reflected = Point(-1);
            if (reflected.V < best.V)
            {
                var expanded = Point(-2);
                simplex[2] = expanded.V < reflected.V ? expanded : reflected;
            }
            else if (reflected.V < middle.V) simplex[2] = reflected;
            else
            {
                var contracted = reflected.V < worst.V ? Point(-0.5) : Point(0.5);
                if (contracted.V < Math.Min(worst.V, reflected.V)) simplex[2] = contracted;
                else
                    for (int i = 1; i < 3; i++)       // shrink towards the best point
                    {
                        double x = (simplex[i].X + best.X) / 2, y = (simplex[i].Y + best.Y) / 2;
                        simplex[i] = (x, y, f(x, y));
                    }
            }
        }
        Array.Sort(simplex, (a, b) => a.V.CompareTo(b.V));
        return simplex[0];
    }
}
