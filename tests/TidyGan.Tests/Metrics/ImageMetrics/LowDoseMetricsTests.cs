using TidyGan.Metrics.ImageMetrics;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Metrics.ImageMetrics;

/// <summary>The low-dose CT measures: noise power spectrum, lesion visibility, hallucinated structures.</summary>
public sealed class LowDoseMetricsTests
{
    // numpy's FFT, the same ROI tiling and ring rule, written independently of the C# DFT.
    private const string NumpyNps = """
        import json, sys, numpy as np
        d = json.load(open(sys.argv[1]))
        rows, cols, n, sp = d['rows'], d['cols'], d['n'], d['spacing']
        x = np.array(d['noise'], float).reshape(rows, cols); m = np.array(d['mask'], bool).reshape(rows, cols)
        f = np.fft.fftfreq(n) * n
        k = np.floor(np.sqrt(f[:, None] ** 2 + f[None, :] ** 2) + 0.5).astype(int)
        total = np.zeros(n // 2 + 1); rois = 0; var = 0.0
        for r0 in range(0, rows - n + 1, n):
            for c0 in range(0, cols - n + 1, n):
                if not m[r0:r0 + n, c0:c0 + n].all(): continue
                roi = x[r0:r0 + n, c0:c0 + n] - x[r0:r0 + n, c0:c0 + n].mean()
                nps = sp * sp / (n * n) * np.abs(np.fft.fft2(roi)) ** 2
                total += np.array([nps[k == b].mean() for b in range(n // 2 + 1)]); rois += 1; var += roi.var()
        print(json.dumps(dict(power=(total / rois).tolist(), rois=rois, var=var / rois)))
        """;

    private const string ScipyGaussian = """
        import json, sys, numpy as np
        from scipy.ndimage import gaussian_filter
        d = json.load(open(sys.argv[1]))
        x = np.array(d['image'], float).reshape(d['rows'], d['cols'])
        print(json.dumps(dict(smooth=gaussian_filter(x, d['sigma'], mode='reflect', truncate=4.0).ravel().tolist())))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void NoisePowerSpectrumMatchesNumpyFft()
    {
        const int rows = 70, cols = 100, n = 16;
        var random = new Random(7);
        var white = Enumerable.Range(0, rows * cols).Select(_ => (double)Gaussian(random) * 20).ToArray();
        // Correlated noise (the shape a denoiser leaves) so the spectrum is not flat.
        var noise = Hallucinations.GaussianSmooth(white, rows, cols, 1.2).Select(v => (float)v).ToArray();
        var mask = Enumerable.Range(0, rows * cols).Select(i => i % cols < 90).ToArray();

        var curve = NoisePowerSpectrum.Radial(noise, [rows, cols], 0.7, n, mask);
        var want = Numpy(NumpyNps, new { rows, cols, n, spacing = 0.7, noise, mask });

        Assert.Equal(want.GetProperty("rois").GetInt32(), curve.Rois);
        Assert.Equal(20, curve.Rois); // 4 rows of ROIs × 5 columns (0…79) wholly inside the 90-column mask
        var power = want.GetProperty("power").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(power.Length, curve.Power.Length);
        for (int k = 0; k < power.Length; k++) Assert.Equal(power[k], curve.Power[k], power[k] * 1e-6 + power.Max() * 1e-12); // JSON carries the float32 noise as shortest decimals
        Assert.Equal(want.GetProperty("var").GetDouble(), curve.Variance, curve.Variance * 1e-6);
        Assert.Equal(1 / (n * 0.7), curve.Frequency[1], 12);
        Assert.True(curve.Power[1] > 5 * curve.Power[^1], "smoothed noise has its power at low frequencies");
    }

    [Fact]
    public void WhiteNoiseHasAFlatSpectrumAtVarianceTimesPixelArea()
    {
        const int size = 128;
        var random = new Random(3);
        var noise = Enumerable.Range(0, size * size).Select(_ => Gaussian(random) * 15f).ToArray();
        var curve = NoisePowerSpectrum.Radial(noise, [size, size], 0.5, 32);
        double expected = 15 * 15 * 0.5 * 0.5;
        // Rings 4…16 average hundreds of frequencies over 16 ROIs: within 15% of σ²Δ².
        for (int k = 4; k < curve.Power.Length; k++) Assert.InRange(curve.Power[k], 0.85 * expected, 1.15 * expected);
        Assert.InRange(NoisePowerSpectrum.Distance(curve, curve), 0, 1e-12);
        var quieter = NoisePowerSpectrum.Radial(noise.Select(v => v / 2).ToArray(), [size, size], 0.5, 32);
        Assert.Equal(0.75, NoisePowerSpectrum.Distance(quieter, curve), 6); // power scales by 1/4
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void SmoothingMatchesScipyGaussianFilter()
    {
        const int rows = 23, cols = 31;
        var random = new Random(11);
        var image = Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() * 100 - 50).ToArray();
        var want = Numpy(ScipyGaussian, new { rows, cols, sigma = 1.7, image })
            .GetProperty("smooth").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var got = Hallucinations.GaussianSmooth(image, rows, cols, 1.7);
        for (int i = 0; i < got.Length; i++) Assert.Equal(want[i], got[i], 9);
    }

    private static readonly HallucinationRule Rule = new(SmoothingMm: 1.0, ThresholdHu: 30, MinimumAreaMm2: 4);

    [Fact]
    public void AnInventedBlobIsFoundAndNoiseIsNot()
    {
        const int size = 96;
        var random = new Random(5);
        var reference = new float[size * size];
        var test = new float[size * size];
        var blob = Disc(size, 40, 60, 5);
        for (int i = 0; i < test.Length; i++) test[i] = Gaussian(random) * 10 + (blob[i] ? 60 : 0);
        var head = Enumerable.Repeat(true, size * size).ToArray();

        var found = Hallucinations.Find(test, reference, [size, size], 0.8, head, Rule);
        var one = Assert.Single(found);
        Assert.InRange(one.CentreRow, 38, 42);
        Assert.InRange(one.CentreCol, 58, 62);
        Assert.InRange(one.AreaMm2, 0.5 * 81 * 0.64, 2.0 * 81 * 0.64); // a 5-px disc, 81 px of 0.64 mm²
        Assert.True(one.MeanDifferenceHu > 30);

        Assert.Empty(Hallucinations.Find(test, reference, [size, size], 0.8, head, Rule, exclude: Dilate(blob, size, 4)));
        Assert.Empty(Hallucinations.Find(test, reference, [size, size], 0.8, Disc(size, 20, 20, 10), Rule));
    }

    [Fact]
    public void LesionContrastAndTheLostRule()
    {
        const int size = 80;
        var random = new Random(9);
        var lesion = Disc(size, 40, 40, 5);
        var slice = new float[size * size];
        for (int i = 0; i < slice.Length; i++) slice[i] = 40 + Gaussian(random) * 8 + (lesion[i] ? 30 : 0);

        var seen = LesionVisibility.Measure(slice, size, size, 40, 40, 5, insertedContrast: 30);
        Assert.InRange(seen.Contrast, 25, 35);
        Assert.InRange(seen.RingSd, 6.5, 9.5);
        Assert.Equal(81, seen.LesionPixels);
        Assert.InRange(seen.RoseSnr, 20, 40);
        Assert.False(seen.Lost);

        // Smoothed away: the noise drops but so does most of the contrast.
        var blurred = Hallucinations.GaussianSmooth(slice.Select(v => (double)v).ToArray(), size, size, 6).Select(v => (float)v).ToArray();
        var gone = LesionVisibility.Measure(blurred, size, size, 40, 40, 5, insertedContrast: 30);
        Assert.True(gone.Retention < 0.5, $"retention {gone.Retention}");
        Assert.True(gone.Lost);

        // Buried in noise: contrast kept on average, but Rose SNR < 5.
        var noisy = slice.Select((v, i) => v + Gaussian(random) * 120).ToArray();
        Assert.True(LesionVisibility.Measure(noisy, size, size, 40, 40, 2, insertedContrast: 30).Lost);
    }

    private static bool[] Disc(int size, double row, double col, double radius) =>
        Enumerable.Range(0, size * size).Select(i => Math.Pow(i / size - row, 2) + Math.Pow(i % size - col, 2) <= radius * radius).ToArray();

    private static bool[] Dilate(bool[] mask, int size, int by) =>
        Enumerable.Range(0, size * size).Select(i =>
        {
            for (int dr = -by; dr <= by; dr++)
                for (int dc = -by; dc <= by; dc++)
                {
                    int r = i / size + dr, c = i % size + dc;
                    if (r >= 0 && r < size && c >= 0 && c < size && mask[r * size + c]) return true;
                }
            return false;
        }).ToArray();

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
