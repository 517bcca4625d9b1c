using TidyGan.Metrics.ImageMetrics;
using TorchSharp;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Metrics.ImageMetrics;

public sealed class HausdorffDistanceTests
{
    // Reference: medpy.metric.binary.hd95 / hd (medpy 0.4) written out with scipy, as medpy does it:
    // surface = mask ^ binary_erosion(mask, generate_binary_structure(ndim, 1)); distances from
    // distance_transform_edt(~other_surface, sampling=spacing); percentile 95 of the hstack of both directions.
    internal const string Medpy = """
        import json, sys, numpy as np
        from scipy.ndimage import binary_erosion, distance_transform_edt, generate_binary_structure
        d = json.load(open(sys.argv[1]))
        shape, sp = d['shape'], d['spacing']
        a = np.array(d['a'], bool).reshape(shape); b = np.array(d['b'], bool).reshape(shape)
        def surface(m):
            return m ^ binary_erosion(m, structure=generate_binary_structure(m.ndim, 1), iterations=1)
        def sds(x, y):
            return distance_transform_edt(~surface(y), sampling=sp)[surface(x)]
        both = np.hstack((sds(a, b), sds(b, a)))
        edt = distance_transform_edt(~a, sampling=sp)
        print(json.dumps(dict(hd95=float(np.percentile(both, 95)), hd=float(both.max()), n=int(both.size),
                              edt=edt.ravel().tolist())))
        """;

    public static TheoryData<int[], double[], bool[], bool[]> Cases()
    {
        int[] s2 = [40, 50], s3 = [12, 20, 24];
        return new()
        {
            // two overlapping ellipses, anisotropic in-plane spacing
            { s2, [0.7, 1.3], Ellipse(s2, 20, 25, 12, 15), Ellipse(s2, 22, 22, 10, 18) },
            // one touches the array border (edge voxels are surface, as with binary_erosion's border_value=0)
            { s2, [1.0, 0.5], Ellipse(s2, 5, 10, 9, 12), Ellipse(s2, 30, 40, 6, 6) },
            // 3-D, thick slices
            { s3, [2.5, 0.9, 0.6], Ellipse(s3, 10, 12, 7, 8, slope: 0.1), Ellipse(s3, 9, 13, 6, 9, slope: 0.12) },
        };
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesMedpyHd95WrittenWithScipy(int[] shape, double[] spacing, bool[] a, bool[] b)
    {
        var want = Numpy(Medpy, new { shape, spacing, a, b });
        Assert.Equal(want.GetProperty("n").GetInt32(), HausdorffDistance.SurfaceDistances(a, b, shape, spacing).Length);
        Assert.Equal(want.GetProperty("hd95").GetDouble(), HausdorffDistance.Percentile95(a, b, shape, spacing), 9);
        Assert.Equal(want.GetProperty("hd").GetDouble(), HausdorffDistance.Maximum(a, b, shape, spacing), 9);
        Assert.Equal(HausdorffDistance.Percentile95(a, b, shape, spacing), HausdorffDistance.Percentile95(b, a, shape, spacing), 12);

        var edt = DistanceTransform.Euclidean(a, shape, spacing);
        var wantEdt = want.GetProperty("edt").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < edt.Length; i++) Assert.Equal(wantEdt[i], edt[i], 9);
    }

    [Fact]
    public void IdenticalMasksAreZeroApart()
    {
        int[] shape = [30, 30];
        var disc = Ellipse(shape, 15, 15, 8, 8);
        Assert.Equal(0, HausdorffDistance.Percentile95(disc, (bool[])disc.Clone(), shape, [0.8, 1.1]));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.8)]
    public void ADiscShiftedByThreePixelsIsThreeSpacingsAway(double columnSpacing)
    {
        int[] shape = [40, 40];
        var a = Ellipse(shape, 20, 18, 9, 9);
        var b = Ellipse(shape, 20, 21, 9, 9);
        double hd95 = HausdorffDistance.Percentile95(a, b, shape, [2.0, columnSpacing]);
        Assert.Equal(3 * columnSpacing, HausdorffDistance.Maximum(a, b, shape, [2.0, columnSpacing]), 9);
        Assert.Equal(3 * columnSpacing, hd95, 9);   // scipy/medpy give the same: 3.0 and 2.4
    }

    [Fact]
    public void DistanceTransformMatchesBruteForce()
    {
        int[] shape = [5, 9, 7];
        double[] spacing = [3.0, 0.7, 1.1];
        var rng = new Random(11);
        var features = Enumerable.Range(0, 5 * 9 * 7).Select(_ => rng.NextDouble() < 0.04).ToArray();
        features[17] = true;
        var edt = DistanceTransform.Euclidean(features, shape, spacing);
        for (int i = 0; i < features.Length; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < features.Length; j++)
            {
                if (!features[j]) continue;
                double dz = (i / 63 - j / 63) * spacing[0], dy = (i / 7 % 9 - j / 7 % 9) * spacing[1], dx = (i % 7 - j % 7) * spacing[2];
                best = Math.Min(best, Math.Sqrt(dz * dz + dy * dy + dx * dx));
            }
            Assert.Equal(best, edt[i], 12);
        }
    }

    [Fact]
    public void EmptyMaskGivesNan()
    {
        int[] shape = [20, 20];
        var disc = Ellipse(shape, 10, 10, 5, 5);
        Assert.True(double.IsNaN(HausdorffDistance.Percentile95(disc, new bool[400], shape, [1.0, 1.0])));
        Assert.True(double.IsNaN(HausdorffDistance.Percentile95(new bool[400], new bool[400], shape, [1.0, 1.0])));
        Assert.All(DistanceTransform.Euclidean(new bool[400], shape, [1.0, 1.0]), d => Assert.Equal(double.PositiveInfinity, d));
    }

    [Fact]
    public void TensorOverloadMatchesTheArrayOverload()
    {
        int[] shape = [3, 16, 18];
        var a = Ellipse(shape, 8, 9, 5, 6, slope: 0.2);
        var b = Ellipse(shape, 7, 10, 6, 5, slope: 0.2);
        using var ta = torch.tensor(a, [3, 16, 18]);
        using var tb = torch.tensor(b, [3, 16, 18]).to_type(torch.ScalarType.Int64);
        Assert.Equal(HausdorffDistance.Percentile95(a, b, shape, [2.0, 1.0, 1.0]), HausdorffDistance.Percentile95(ta, tb, [2.0, 1.0, 1.0]));
    }
}
