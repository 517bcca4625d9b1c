using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Data;

/// <summary>
/// Target domain A: a second MR contrast of the same anatomy, simulated from the T1 (Colin27 ch2) in the
/// spirit of MR physics. (1) Tissue classes by T1 intensity: inside the brain mask CSF &lt; grey matter &lt; white
/// matter, outside it (in the head) bone/air &lt; muscle/skin &lt; fat, each region's three class centres found by
/// 1-D k-means. (2) A T2-like table gives each class a new intensity (<see cref="T2Table"/>: CSF brightest, white
/// matter darker than grey, fat bright, bone dark), applied piecewise linearly between the class centres so
/// partial-volume voxels blend, as real partial volume does. The map is non-monotonic: T1's order
/// CSF &lt; GM &lt; WM becomes WM &lt; GM &lt; CSF inside the brain while fat stays bright outside. (3) A smooth
/// multiplicative bias field exp(Σ low-order polynomial), ±~20%. (4) Thicker slices: a Gaussian blur along z.
/// On the network grid <see cref="Degrade"/> then lowers the in-plane resolution and adds Rician noise.
/// Everything is seeded; the labels are the T1's, unchanged, because the anatomy is the same.
/// </summary>
public static class ContrastSimulation
{
    /// <summary>New intensity (0…1) per class: brain CSF, GM, WM; head bone/air, muscle/skin, fat.</summary>
    public static readonly (double Csf, double Grey, double White, double Bone, double Muscle, double Fat) T2Table = (1.0, 0.62, 0.42, 0.05, 0.30, 0.75);

    public const double BiasAmplitude = 0.2;
    public const double SliceBlurSigmaMm = 2.0;
    public const double ResolutionFactor = 0.625;      // in-plane resolution on the network grid: 64 px → 40 px → 64 px
    public const double RicianSigma = 0.03;           // of the slice's intensity range

    /// <summary>The simulated volume (same grid as <paramref name="t1"/>; 0 outside the head).</summary>
    public static Volume Simulate(Volume t1, bool[] head, bool[] brain, int seed)
    {
        var v = t1.Voxels;
        var brainCentres = KMeans1D(v.Where((_, i) => brain[i]).ToArray(), 3);
        var headCentres = KMeans1D(v.Where((_, i) => head[i] && !brain[i]).ToArray(), 3);
        var t = T2Table;
        double[] brainValues = [t.Csf, t.Grey, t.White], headValues = [t.Bone, t.Muscle, t.Fat];
        int nx = t1.Shape[0], ny = t1.Shape[1], nz = t1.Shape[2];
        var rng = new Random(seed);
        // Bias: exp of a random quadratic in normalised coordinates, scaled so its range is about ±BiasAmplitude.
        var coef = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double Poly(double x, double y, double z) => coef[0] * x + coef[1] * y + coef[2] * z + 0.5 * (coef[3] * x * x + coef[4] * y * y
            + coef[5] * z * z + coef[6] * x * y + coef[7] * x * z + coef[8] * y * z);
        double norm = coef.Take(3).Sum(Math.Abs) + 0.5 * coef.Skip(3).Take(6).Sum(Math.Abs);
        var output = new float[v.Length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = x + nx * (y + ny * z);
                    if (!head[i]) continue;
                    double value = brain[i] ? Piecewise(v[i], brainCentres, brainValues) : Piecewise(v[i], headCentres, headValues);
                    double bias = Math.Exp(BiasAmplitude * Poly(2.0 * x / nx - 1, 2.0 * y / ny - 1, 2.0 * z / nz - 1) / norm);
                    output[i] = (float)(value * bias);
                }
        // Thicker slices blur along z; outside the head stays air (signal 0), so the background label stays true.
        var blurred = BlurAlongSlices(t1.WithVoxels(output), SliceBlurSigmaMm).Voxels;
        for (int i = 0; i < blurred.Length; i++) if (!head[i]) blurred[i] = 0;
        return t1.WithVoxels(blurred);
    }

    /// <summary>
    /// On the network grid: in-plane resolution × <see cref="ResolutionFactor"/> (antialiased down, bilinear up), then
    /// Rician noise √((m + n₁)² + n₂²) on the magnitude m = (x + 1)/2, n ~ N(0, σ²); background stays −1 where m + noise is small.
    /// </summary>
    public static Tensor Degrade(Tensor images, int seed)
    {
        using var scope = NewDisposeScope();
        int size = (int)images.shape[2];
        int low = Math.Max(4, (int)Math.Round(size * ResolutionFactor));
        var coarse = Resample.Resize(images, low, low, antialias: true);
        var blurred = Resample.Resize(coarse, size, size, antialias: false);
        using var random = new torch.Generator((ulong)seed);
        var m = blurred.add(1).mul(0.5);
        var n1 = randn(m.shape, generator: random).mul(RicianSigma);
        var n2 = randn(m.shape, generator: random).mul(RicianSigma);
        var magnitude = (m + n1).square().add(n2.square()).sqrt();
        return magnitude.mul(2).sub(1).clamp(-1, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Piecewise-linear map through (centre_k, value_k), held constant beyond the outer centres.</summary>
    internal static double Piecewise(double t, double[] centres, double[] values)
    {
        if (t <= centres[0]) return values[0];
        for (int k = 1; k < centres.Length; k++)
            if (t <= centres[k]) return values[k - 1] + (values[k] - values[k - 1]) * (t - centres[k - 1]) / (centres[k] - centres[k - 1]);
        return values[^1];
    }

    /// <summary>Sorted centres of a 1-D k-means (Lloyd), started evenly spaced over the 1st…99th percentile range.</summary>
    public static double[] KMeans1D(float[] values, int k, int iterations = 50)
    {
        if (values.Length < k) throw new ArgumentException($"k-means needs at least {k} values (got {values.Length})");
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        double low = VoxelStatistics.PercentileOfSorted(sorted, 1), high = VoxelStatistics.PercentileOfSorted(sorted, 99);
        var centres = Enumerable.Range(0, k).Select(j => low + (high - low) * (j + 0.5) / k).ToArray();   // spread over the range: no two start equal
        for (int it = 0; it < iterations; it++)
        {
            var sum = new double[k];
            var count = new long[k];
            foreach (var x in sorted)
            {
                int best = 0;
                for (int j = 1; j < k; j++) if (Math.Abs(x - centres[j]) < Math.Abs(x - centres[best])) best = j;
                sum[best] += x;
                count[best]++;
            }
            var next = centres.Select((c, j) => count[j] > 0 ? sum[j] / count[j] : c).ToArray();
            // An empty cluster restarts at the value worst served by its centre (the farthest from it).
            for (int j = 0; j < k; j++)
                if (count[j] == 0)
                    next[j] = sorted.MaxBy(x => next.Where((_, m) => m != j).Min(c => Math.Abs(x - c)));
            bool done = next.Zip(centres).All(p => Math.Abs(p.First - p.Second) < 1e-6);
            centres = next;
            if (done) break;
        }
        Array.Sort(centres);
        return centres;
    }

    /// <summary>Gaussian blur along the axial (slice) direction only: thicker slices, as a 2-D multi-slice sequence has.</summary>
    internal static Volume BlurAlongSlices(Volume volume, double sigmaMm)
    {
        var (map, _) = VolumeSlicer.Orientation(volume.Affine);
        int axis = map[2];
        double sigma = sigmaMm / volume.Spacing[axis];
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-0.5 * d * d / (sigma * sigma))).ToArray();
        int[] shape = volume.Shape;
        int stride = axis == 0 ? 1 : axis == 1 ? shape[0] : shape[0] * shape[1];
        int length = shape[axis];
        var src = volume.Voxels;
        var dst = new float[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            int pos = i / stride % length;
            double acc = 0, weight = 0;
            for (int d = -radius; d <= radius; d++)
            {
                int p = pos + d;
                if (p < 0 || p >= length) continue;
                acc += kernel[d + radius] * src[i + d * stride];
                weight += kernel[d + radius];
            }
            dst[i] = (float)(acc / weight);           // renormalised at the volume's ends
        }
        return volume.WithVoxels(dst);
    }
}
