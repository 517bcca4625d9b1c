namespace TidyGan.Metrics.ImageMetrics;

/// <summary>The fixed rule that turns a difference map into "structures that are not there".</summary>
/// <param name="SmoothingMm">Gaussian σ applied to the difference first, so pixel noise does not count as structure.</param>
/// <param name="ThresholdHu">|smoothed difference| above this is a candidate pixel.</param>
/// <param name="MinimumAreaMm2">Connected candidates smaller than this are ignored.</param>
public sealed record HallucinationRule(double SmoothingMm = 2.0, double ThresholdHu = 30, double MinimumAreaMm2 = 10)
{
    public static HallucinationRule Default { get; } = new();
}

/// <summary>One connected region where a test image departs from its reference beyond the rule.</summary>
/// <param name="MeanDifferenceHu">Mean smoothed difference (test − reference) over the region: positive for something
/// bright that is not in the reference, negative for something dark.</param>
public sealed record Hallucination(int Slice, double AreaMm2, double MeanDifferenceHu, double CentreRow, double CentreCol);

/// <summary>
/// Structures that appear in a test image (e.g. a denoised slice) but not in its reference (the full-dose slice):
/// the difference test − reference is smoothed with a Gaussian of σ = <see cref="HallucinationRule.SmoothingMm"/>,
/// thresholded at ±<see cref="HallucinationRule.ThresholdHu"/> inside the mask (the head), and split into
/// 8-connected regions of one sign; regions of at least <see cref="HallucinationRule.MinimumAreaMm2"/> are returned,
/// largest first. Pixels in <c>exclude</c> (e.g. inserted lesions, scored separately) never count.
/// </summary>
public static class Hallucinations
{
    public static IReadOnlyList<Hallucination> Find(float[] test, float[] reference, int[] shape, double pixelSpacing,
        bool[] mask, HallucinationRule rule, bool[]? exclude = null)
    {
        MetricInputs.CheckPair(reference, test, shape, mask);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(rule);
        if (exclude is not null) MetricInputs.CheckLength(exclude.Length, shape, nameof(exclude));
        if (!(pixelSpacing > 0)) throw new ArgumentException($"pixel spacing must be positive, got {pixelSpacing}", nameof(pixelSpacing));
        int slices = shape.Length == 3 ? shape[0] : 1, rows = shape[^2], cols = shape[^1], plane = rows * cols;
        double pixelArea = pixelSpacing * pixelSpacing;
        var found = new List<Hallucination>();
        var difference = new double[plane];
        var label = new int[plane];
        var queue = new int[plane];
        for (int s = 0; s < slices; s++)
        {
            for (int i = 0; i < plane; i++) difference[i] = (double)test[s * plane + i] - reference[s * plane + i];
            var smooth = GaussianSmooth(difference, rows, cols, rule.SmoothingMm / pixelSpacing);
            int Sign(int i) =>
                !mask[s * plane + i] || (exclude is not null && exclude[s * plane + i]) ? 0
                : smooth[i] > rule.ThresholdHu ? 1 : smooth[i] < -rule.ThresholdHu ? -1 : 0;
            Array.Clear(label);
            int current = 0;
            for (int start = 0; start < plane; start++)
            {
                int sign = Sign(start);
                if (sign == 0 || label[start] != 0) continue;
                current++;
                int head = 0, tail = 0;
                queue[tail++] = start;
                label[start] = current;
                double sum = 0, rowSum = 0, colSum = 0;
                while (head < tail)
                {
                    int p = queue[head++], pr = p / cols, pc = p % cols;
                    sum += smooth[p]; rowSum += pr; colSum += pc;
                    for (int dr = -1; dr <= 1; dr++)
                        for (int dc = -1; dc <= 1; dc++)
                        {
                            int qr = pr + dr, qc = pc + dc;
                            if (qr < 0 || qr >= rows || qc < 0 || qc >= cols) continue;
                            int q = qr * cols + qc;
                            if (label[q] != 0 || Sign(q) != sign) continue;
                            label[q] = current;
                            queue[tail++] = q;
                        }
                }
                double area = tail * pixelArea;
                if (area >= rule.MinimumAreaMm2)
                    found.Add(new Hallucination(s, area, sum / tail, rowSum / tail, colSum / tail));
            }
        }
        return found.OrderByDescending(h => h.AreaMm2).ToList();
    }

    /// <summary>Separable Gaussian truncated at 4σ with mirrored edges, as scipy.ndimage.gaussian_filter(mode="reflect"); σ ≤ 0 returns the input.</summary>
    internal static double[] GaussianSmooth(double[] image, int rows, int cols, double sigmaPixels)
    {
        if (!(sigmaPixels > 0)) return (double[])image.Clone();
        int radius = Math.Max(1, (int)(4 * sigmaPixels + 0.5)); // scipy.ndimage: int(truncate·σ + 0.5)
        var kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.Exp(-0.5 * k * k / (sigmaPixels * sigmaPixels));
        for (int k = 0; k < kernel.Length; k++) kernel[k] /= total;
        static int Mirror(int i, int n) => i < 0 ? Math.Min(-i - 1, n - 1) : i >= n ? Math.Max(2 * n - i - 1, 0) : i;
        var along = new double[image.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * image[r * cols + Mirror(c + k, cols)];
                along[r * cols + c] = acc;
            }
        var result = new double[image.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) acc += kernel[k + radius] * along[Mirror(r + k, rows) * cols + c];
                result[r * cols + c] = acc;
            }
        return result;
    }
}
