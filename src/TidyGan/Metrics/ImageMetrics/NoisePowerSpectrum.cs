using System.Numerics;

namespace TidyGan.Metrics.ImageMetrics;

/// <summary>A radially averaged noise power spectrum: power per frequency bin, in HU²·mm² at frequencies in mm⁻¹.</summary>
/// <param name="Frequency">Bin centres k/(N·Δ) for k = 0 … N/2, in mm⁻¹.</param>
/// <param name="Power">Mean 2-D NPS over the frequencies whose rounded radius is k.</param>
/// <param name="Variance">The noise variance the spectrum integrates to (HU²): the mean over ROIs of each ROI's variance.</param>
public sealed record NoisePowerSpectrumCurve(double[] Frequency, double[] Power, double Variance, int Rois, int RoiSize, double PixelSpacing)
{
    /// <summary>Power-weighted mean frequency (mm⁻¹): the noise texture in one number; a denoiser that leaves
    /// blotchy, low-frequency noise moves it down even when the variance matches.</summary>
    public double MeanFrequency
    {
        get
        {
            double weighted = 0, total = 0;
            for (int k = 0; k < Power.Length; k++) { weighted += Frequency[k] * Power[k]; total += Power[k]; }
            return total > 0 ? weighted / total : double.NaN;
        }
    }
}

/// <summary>
/// The noise power spectrum of CT (ICRU Report 87; Dobbins 2006): of a noise-only image (the test image minus a
/// noiseless reference), cut into non-overlapping square ROIs of N×N pixels that lie wholly inside a mask, each ROI
/// minus its mean, NPS(u, v) = Δx·Δy / N² · |DFT(ROI)|², averaged over ROIs, then averaged over rings of rounded
/// radius k (frequency k/(N·Δ)). By Parseval the 2-D NPS integrates over frequency to the ROIs' mean variance.
/// Images are [rows, cols] or [slices, rows, cols] with square pixels of <c>pixelSpacing</c> mm.
/// </summary>
public static class NoisePowerSpectrum
{
    public static NoisePowerSpectrumCurve Radial(float[] noise, int[] shape, double pixelSpacing, int roiSize, bool[]? mask = null)
    {
        MetricInputs.CheckPair(noise, noise, shape, mask);
        MetricInputs.CheckFinite(noise, nameof(noise));
        if (!(pixelSpacing > 0) || double.IsInfinity(pixelSpacing))
            throw new ArgumentException($"pixel spacing must be positive and finite, got {pixelSpacing}", nameof(pixelSpacing));
        int slices = shape.Length == 3 ? shape[0] : 1, rows = shape[^2], cols = shape[^1];
        if (roiSize < 4 || roiSize > Math.Min(rows, cols))
            throw new ArgumentException($"ROI size {roiSize} px must be between 4 and the smaller image side ({Math.Min(rows, cols)} px)", nameof(roiSize));

        int n = roiSize, bins = n / 2 + 1;
        var twiddle = new Complex[n];
        for (int j = 0; j < n; j++) twiddle[j] = Complex.FromPolarCoordinates(1, -2 * Math.PI * j / n);
        var ring = RingIndex(n);
        var sum = new double[bins];
        var count = new int[bins];
        double varianceSum = 0;
        int rois = 0;
        var roi = new Complex[n * n];
        for (int s = 0; s < slices; s++)
            for (int r0 = 0; r0 + n <= rows; r0 += n)
                for (int c0 = 0; c0 + n <= cols; c0 += n)
                {
                    int offset = s * rows * cols;
                    if (mask is not null && !Inside(mask, offset, cols, r0, c0, n)) continue;
                    double mean = 0;
                    for (int r = 0; r < n; r++)
                        for (int c = 0; c < n; c++) mean += noise[offset + (r0 + r) * cols + c0 + c];
                    mean /= n * n;
                    double variance = 0;
                    for (int r = 0; r < n; r++)
                        for (int c = 0; c < n; c++)
                        {
                            double v = noise[offset + (r0 + r) * cols + c0 + c] - mean;
                            roi[r * n + c] = v;
                            variance += v * v;
                        }
                    varianceSum += variance / (n * n);
                    Dft2(roi, n, twiddle);
                    double scale = pixelSpacing * pixelSpacing / (n * n);
                    for (int i = 0; i < n * n; i++)
                    {
                        if (ring[i] >= bins) continue; // corners beyond Nyquist along the axes
                        sum[ring[i]] += scale * (roi[i].Real * roi[i].Real + roi[i].Imaginary * roi[i].Imaginary);
                        count[ring[i]]++;
                    }
                    rois++;
                }
        if (rois == 0)
            throw new ArgumentException($"no {n}×{n} px ROI lies wholly inside the mask of shape {MetricInputs.Format(shape)}: use a smaller ROI", nameof(mask));

        var frequency = new double[bins];
        var power = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            frequency[k] = k / (n * pixelSpacing);
            power[k] = count[k] > 0 ? sum[k] / count[k] : 0;
        }
        return new NoisePowerSpectrumCurve(frequency, power, varianceSum / rois, rois, n, pixelSpacing);
    }

    /// <summary>Relative L1 distance Σ|P − P_ref| / Σ P_ref over the bins both share (same ROI size and spacing):
    /// 0 for the same noise, 1 for no noise at all against the reference's.</summary>
    public static double Distance(NoisePowerSpectrumCurve test, NoisePowerSpectrumCurve reference)
    {
        if (test.RoiSize != reference.RoiSize || test.PixelSpacing != reference.PixelSpacing)
            throw new ArgumentException($"NPS curves differ in ROI size ({test.RoiSize} vs {reference.RoiSize} px) or spacing ({test.PixelSpacing} vs {reference.PixelSpacing} mm): not comparable");
        double difference = 0, total = 0;
        for (int k = 0; k < reference.Power.Length; k++)
        {
            difference += Math.Abs(test.Power[k] - reference.Power[k]);
            total += reference.Power[k];
        }
        return total > 0 ? difference / total : double.NaN;
    }

    private static bool Inside(bool[] mask, int offset, int cols, int r0, int c0, int n)
    {
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                if (!mask[offset + (r0 + r) * cols + c0 + c]) return false;
        return true;
    }

    /// <summary>Rounded radius of every DFT index in cycles per ROI, with indices above N/2 folded to negative frequencies.</summary>
    private static int[] RingIndex(int n)
    {
        var ring = new int[n * n];
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
            {
                int fu = u <= n / 2 ? u : u - n, fv = v <= n / 2 ? v : v - n;
                ring[u * n + v] = (int)Math.Round(Math.Sqrt(fu * fu + fv * fv), MidpointRounding.AwayFromZero);
            }
        return ring;
    }

    /// <summary>In-place 2-D DFT, rows then columns; O(N³), fine for the 32–64 px ROIs an NPS uses.</summary>
    private static void Dft2(Complex[] data, int n, Complex[] twiddle)
    {
        var line = new Complex[n];
        for (int pass = 0; pass < 2; pass++)
            for (int a = 0; a < n; a++)
            {
                for (int k = 0; k < n; k++)
                {
                    Complex acc = Complex.Zero;
                    for (int j = 0; j < n; j++)
                        acc += (pass == 0 ? data[a * n + j] : data[j * n + a]) * twiddle[k * j % n];
                    line[k] = acc;
                }
                for (int k = 0; k < n; k++)
                    if (pass == 0) data[a * n + k] = line[k]; else data[k * n + a] = line[k];
            }
    }
}
