namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// SSIM of Wang et al. 2004 ("Image quality assessment: from error visibility to structural similarity")
/// with a Gaussian window σ = 1.5 truncated at 3.5σ (11 taps), K1 = 0.01, K2 = 0.03 and population
/// (not sample) covariances: the settings of scikit-image's
/// <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)</c>.
/// Always 2-D: a volume [slices, rows, cols] is treated as a stack of axial slices (no 3-D window),
/// because slice-wise GANs produce slices and slice spacing is often coarser than the in-plane spacing.
/// Like scikit-image, only pixels whose whole window lies inside the slice (5 px from each edge) count,
/// so no border padding rule enters the result.
/// </summary>
public static class StructuralSimilarity
{
    public const double Sigma = 1.5, K1 = 0.01, K2 = 0.03;

    /// <summary>Window radius as scipy.ndimage computes it: int(truncate·σ + 0.5) with truncate 3.5.</summary>
    public const int Radius = 5;

    /// <summary>Mean SSIM over masked pixels (null mask: all) away from the slice borders; NaN if there are none.</summary>
    public static (double Mean, long Pixels) Mean(float[] reference, float[] test, int[] shape, bool[]? mask, double dataRange)
    {
        MetricInputs.CheckPair(reference, test, shape, mask);
        CheckRange(dataRange);
        // The map uses every pixel of the slice (windows may reach outside the mask); only its mean is masked.
        int slices = shape.Length == 3 ? shape[0] : 1, rows = shape[^2], cols = shape[^1];
        double sum = 0;
        long pixels = 0;
        for (int s = 0; s < slices; s++)
        {
            var map = SliceMap(reference.AsSpan(s * rows * cols, rows * cols), test.AsSpan(s * rows * cols, rows * cols), rows, cols, dataRange);
            if (map is null) continue;
            for (int r = Radius; r < rows - Radius; r++)
                for (int c = Radius; c < cols - Radius; c++)
                {
                    if (mask is not null && !mask[s * rows * cols + r * cols + c]) continue;
                    sum += map[r * cols + c];
                    pixels++;
                }
        }
        return (pixels == 0 ? double.NaN : sum / pixels, pixels);
    }

    /// <summary>
    /// The SSIM map of one slice, valid at pixels at least <see cref="Radius"/> from every edge (others 0);
    /// null when the slice is smaller than the 11×11 window.
    /// </summary>
    public static double[]? SliceMap(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int cols, double dataRange)
    {
        if (x.Length != rows * cols || y.Length != rows * cols)
            throw new ArgumentException($"slices have {x.Length} and {y.Length} values but {rows}×{cols} needs {rows * cols}");
        CheckRange(dataRange);
        if (rows < 2 * Radius + 1 || cols < 2 * Radius + 1) return null;
        int n = rows * cols;
        var xx = new double[n];
        var yy = new double[n];
        var xy = new double[n];
        var xd = new double[n];
        var yd = new double[n];
        for (int i = 0; i < n; i++)
        {
            xd[i] = x[i];
            yd[i] = y[i];
            xx[i] = xd[i] * xd[i];
            yy[i] = yd[i] * yd[i];
            xy[i] = xd[i] * yd[i];
        }
        var w = Kernel();
        var ux = Filter(xd, rows, cols, w);
        var uy = Filter(yd, rows, cols, w);
        var uxx = Filter(xx, rows, cols, w);
        var uyy = Filter(yy, rows, cols, w);
        var uxy = Filter(xy, rows, cols, w);

        double c1 = K1 * dataRange * (K1 * dataRange), c2 = K2 * dataRange * (K2 * dataRange);
        var map = new double[n];
        for (int r = Radius; r < rows - Radius; r++)
            for (int c = Radius; c < cols - Radius; c++)
            {
                int i = r * cols + c;
                double mx = ux[i], my = uy[i];
                double vx = uxx[i] - mx * mx, vy = uyy[i] - my * my, cxy = uxy[i] - mx * my;
                map[i] = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        return map;
    }

    private static void CheckRange(double dataRange)
    {
        if (!(dataRange > 0) || double.IsInfinity(dataRange))
            throw new ArgumentException($"dataRange must be positive and finite, got {dataRange}", nameof(dataRange));
    }

    /// <summary>scipy.ndimage's _gaussian_kernel1d: exp(-x²/2σ²) for |x| ≤ radius, normalised to sum 1.</summary>
    private static double[] Kernel()
    {
        var w = new double[2 * Radius + 1];
        double sum = 0;
        for (int k = -Radius; k <= Radius; k++) sum += w[k + Radius] = Math.Exp(-0.5 * k * k / (Sigma * Sigma));
        for (int k = 0; k < w.Length; k++) w[k] /= sum;
        return w;
    }

    /// <summary>Separable Gaussian filter, evaluated only where the window fits (the pixels SSIM keeps).</summary>
    private static double[] Filter(double[] image, int rows, int cols, double[] w)
    {
        var along = new double[image.Length];     // filtered along columns (within each row)
        for (int r = 0; r < rows; r++)
            for (int c = Radius; c < cols - Radius; c++)
            {
                double s = 0;
                int at = r * cols + c - Radius;
                for (int k = 0; k < w.Length; k++) s += w[k] * image[at + k];
                along[r * cols + c] = s;
            }
        var result = new double[image.Length];
        for (int r = Radius; r < rows - Radius; r++)
            for (int c = Radius; c < cols - Radius; c++)
            {
                double s = 0;
                for (int k = 0; k < w.Length; k++) s += w[k] * along[(r - Radius + k) * cols + c];
                result[r * cols + c] = s;
            }
        return result;
    }
}
