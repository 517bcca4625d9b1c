namespace TidyGan.Metrics.ImageMetrics;

/// <summary>
/// Exact Euclidean distance transform with voxel spacing (Felzenszwalb &amp; Huttenlocher 2012, "Distance
/// transforms of sampled functions"): squared distances are separable, so one 1-D lower envelope of
/// parabolas per line, axis after axis, gives exact results in O(voxels · dims). Same result as
/// scipy.ndimage.distance_transform_edt(~features, sampling=spacing).
/// </summary>
public static class DistanceTransform
{
    /// <summary>
    /// Distance (in spacing units, e.g. mm) from every voxel to the nearest feature voxel; +∞ everywhere when
    /// there is no feature. Row-major array of any dimension; spacing has one entry per axis.
    /// </summary>
    public static double[] Euclidean(bool[] features, int[] shape, double[] spacing)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(spacing);
        MetricInputs.CheckSpacing(spacing, shape);
        MetricInputs.CheckLength(features.Length, shape, nameof(features));

        var d = new double[features.Length];
        for (int i = 0; i < d.Length; i++) d[i] = features[i] ? 0 : double.PositiveInfinity;

        int longest = shape.Max();
        var f = new double[longest];
        var line = new double[longest];
        var v = new int[longest];
        var z = new double[longest + 1];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            int n = shape[axis];
            int stride = 1;
            for (int a = axis + 1; a < shape.Length; a++) stride *= shape[a];
            int outer = d.Length / (n * stride);
            for (int o = 0; o < outer; o++)
                for (int inner = 0; inner < stride; inner++)
                {
                    int start = o * n * stride + inner;
                    for (int q = 0; q < n; q++) f[q] = d[start + q * stride];
                    Envelope(f, n, spacing[axis], line, v, z);
                    for (int q = 0; q < n; q++) d[start + q * stride] = line[q];
                }
        }
        for (int i = 0; i < d.Length; i++) d[i] = Math.Sqrt(d[i]);
        return d;
    }

    /// <summary>Where the parabolas rooted at q and r (r &lt; q) cross, in spacing units.</summary>
    private static double Intersection(double[] f, int q, int r, double h)
    {
        double xq = q * h, xr = r * h;
        return (f[q] + xq * xq - (f[r] + xr * xr)) / (2 * (xq - xr));
    }

    /// <summary>1-D squared distance: out[p] = min over q of (h·(p − q))² + f[q]; infinite f[q] never wins.</summary>
    private static void Envelope(double[] f, int n, double h, double[] result, int[] v, double[] z)
    {
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q])) continue;   // no parabola here (inf would give NaN intersections)
            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }
            double s = Intersection(f, q, v[k], h);
            while (s <= z[k]) s = Intersection(f, q, v[--k], h);  // z[0] = -inf stops this at k = 0
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        if (k < 0)
        {
            Array.Fill(result, double.PositiveInfinity, 0, n);
            return;
        }
        int j = 0;
        for (int p = 0; p < n; p++)
        {
            double x = p * h;
            while (z[j + 1] < x) j++;
            double dx = x - v[j] * h;
            result[p] = dx * dx + f[v[j]];
        }
    }
}
