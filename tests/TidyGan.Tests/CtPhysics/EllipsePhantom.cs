using TidyGan.Data.CtPhysics;

namespace TidyGan.Tests.CtPhysics;

/// <summary>An ellipse of constant density: centre (mm), semi-axes (mm), a-axis at AngleDeg from +x, counter-clockwise.</summary>
internal sealed record Ellipse(double X, double Y, double A, double B, double AngleDeg, double Density);

/// <summary>Phantoms of ellipses: rasterised (supersampled) and their closed-form line integrals.</summary>
internal static class EllipsePhantom
{
    /// <summary>Shepp–Logan's ten ellipses with the modified (Toft) densities, as MATLAB's phantom('Modified Shepp-Logan'), scaled to <paramref name="scaleMm"/>.</summary>
    public static Ellipse[] SheppLogan(double scaleMm) => new[]
    {
        new Ellipse(0, 0, 0.69, 0.92, 0, 1.0), new Ellipse(0, -0.0184, 0.6624, 0.874, 0, -0.8),
        new Ellipse(0.22, 0, 0.11, 0.31, -18, -0.2), new Ellipse(-0.22, 0, 0.16, 0.41, 18, -0.2),
        new Ellipse(0, 0.35, 0.21, 0.25, 0, 0.1), new Ellipse(0, 0.1, 0.046, 0.046, 0, 0.1),
        new Ellipse(0, -0.1, 0.046, 0.046, 0, 0.1), new Ellipse(-0.08, -0.605, 0.046, 0.023, 0, 0.1),
        new Ellipse(0, -0.606, 0.023, 0.023, 0, 0.1), new Ellipse(0.06, -0.605, 0.023, 0.046, 0, 0.1),
    }.Select(e => e with { X = e.X * scaleMm, Y = e.Y * scaleMm, A = e.A * scaleMm, B = e.B * scaleMm }).ToArray();

    /// <summary>Mean density over each pixel from <paramref name="supersample"/>² points, row 0 at the top (+y).</summary>
    public static float[] Raster(IReadOnlyList<Ellipse> ellipses, CtImageGrid grid, int supersample = 4)
    {
        var image = new float[grid.Height * grid.Width];
        double d = grid.PixelSpacingMm;
        for (int i = 0; i < grid.Height; i++)
            for (int j = 0; j < grid.Width; j++)
            {
                double sum = 0;
                for (int si = 0; si < supersample; si++)
                    for (int sj = 0; sj < supersample; sj++)
                    {
                        double x = (j - (grid.Width - 1) / 2.0 + (sj + 0.5) / supersample - 0.5) * d;
                        double y = ((grid.Height - 1) / 2.0 - i - (si + 0.5) / supersample + 0.5) * d;
                        foreach (var e in ellipses) if (Inside(e, x, y)) sum += e.Density;
                    }
                image[i * grid.Width + j] = (float)(sum / (supersample * supersample));
            }
        return image;
    }

    public static bool Inside(Ellipse e, double x, double y)
    {
        double a = e.AngleDeg * Math.PI / 180, dx = x - e.X, dy = y - e.Y;
        double u = dx * Math.Cos(a) + dy * Math.Sin(a), v = -dx * Math.Sin(a) + dy * Math.Cos(a);
        return u * u / (e.A * e.A) + v * v / (e.B * e.B) <= 1;
    }

    /// <summary>
    /// Closed-form line integrals (Kak &amp; Slaney §3.2: p = 2ρab·√(s² − τ²)/s², s² = a²cos²(θ−α) + b²sin²(θ−α),
    /// τ the line's offset from the ellipse centre) along every ray of <paramref name="geometry"/>, [V·D] row-major.
    /// </summary>
    public static double[] Sinogram(IReadOnlyList<Ellipse> ellipses, CtGeometry geometry)
    {
        var result = new double[geometry.Views * geometry.Detectors];
        for (int v = 0; v < geometry.Views; v++)
            for (int k = 0; k < geometry.Detectors; k++)
            {
                var (theta, t) = geometry.Line(v, k);
                double sum = 0;
                foreach (var e in ellipses)
                {
                    double alpha = e.AngleDeg * Math.PI / 180;
                    double s2 = Math.Pow(e.A * Math.Cos(theta - alpha), 2) + Math.Pow(e.B * Math.Sin(theta - alpha), 2);
                    double tau = t - e.X * Math.Cos(theta) - e.Y * Math.Sin(theta);
                    if (tau * tau < s2) sum += 2 * e.Density * e.A * e.B * Math.Sqrt(s2 - tau * tau) / s2;
                }
                result[v * geometry.Detectors + k] = sum;
            }
        return result;
    }

    public static double Rmse(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<bool>? where = null)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (where is not null && !where[i]) continue;
            sum += (a[i] - b[i]) * (a[i] - b[i]);
            count++;
        }
        return Math.Sqrt(sum / count);
    }
}
