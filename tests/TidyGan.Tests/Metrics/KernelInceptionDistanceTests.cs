using System.Text.Json;
using TidyGan.Metrics;
using TidyGan.Tests.Data;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

public sealed class KernelInceptionDistanceTests
{
    // torch-fidelity's kid (polynomial kernel, degree 3, γ = 1/d, coef0 = 1; unbiased mmd2) on given subsets.
    private const string Reference = """
        import sys, json, numpy as np
        a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); subsets = json.loads(sys.argv[3])
        def kernel(x, y): return (x @ y.T / x.shape[1] + 1) ** 3
        vals = []
        for ri, fi in subsets:
            x, y = a[ri], b[fi]; m = len(ri)
            kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
            kt_xx = kxx.sum() - np.diag(kxx).sum(); kt_yy = kyy.sum() - np.diag(kyy).sum()
            vals.append((kt_xx + kt_yy) / (m * (m - 1)) - 2 * kxy.sum() / (m * m))
        vals = np.array(vals)
        print(json.dumps({"mean": float(vals.mean()), "std": float(vals.std()), "se": float(vals.std(ddof=1) / np.sqrt(len(vals)))}))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void MatchesNumpyOnTheSameSubsets()
    {
        var real = MetricTestData.Gaussian(120, 10, seed: 7);
        var fake = MetricTestData.Gaussian(90, 10, seed: 8, shift: 0.3);
        var rng = new Random(9);
        var realSubsets = new List<int[]>();
        var fakeSubsets = new List<int[]>();
        for (int s = 0; s < 5; s++)
        {
            realSubsets.Add(Enumerable.Range(0, 120).OrderBy(_ => rng.Next()).Take(40).ToArray());
            fakeSubsets.Add(Enumerable.Range(0, 90).OrderBy(_ => rng.Next()).Take(40).ToArray());
        }
        var json = JsonSerializer.Serialize(realSubsets.Zip(fakeSubsets, (r, f) => new[] { r, f }));
        using var dir = new TempDir();
        var expected = MetricTestData.RunNumpy(dir, real, fake, Reference, json);

        using var scope = torch.NewDisposeScope();
        var kid = KernelInceptionDistance.FromSubsets(FeatureMatrix.ToTensor(real), FeatureMatrix.ToTensor(fake), realSubsets, fakeSubsets);
        Assert.Equal(expected.GetProperty("mean").GetDouble(), kid.Mean, 1e-10);
        Assert.Equal(expected.GetProperty("std").GetDouble(), kid.StandardDeviation, 1e-10);
        Assert.Equal(expected.GetProperty("se").GetDouble(), kid.StandardError, 1e-10);
        Assert.Equal(5, kid.Subsets);
        Assert.Equal(40, kid.SubsetSize);
    }

    [Fact]
    public void SameDistributionIsNearZeroAndShiftIsPositive()
    {
        var a = MetricTestData.Gaussian(400, 8, seed: 10);
        var b = MetricTestData.Gaussian(400, 8, seed: 11);
        var c = MetricTestData.Gaussian(400, 8, seed: 12, shift: 1);
        var same = KernelInceptionDistance.Compute(a, b, subsets: 20, subsetSize: 200, seed: 1);
        var shifted = KernelInceptionDistance.Compute(a, c, subsets: 20, subsetSize: 200, seed: 1);
        Assert.True(Math.Abs(same.Mean) < 4 * same.StandardDeviation + 1e-3, $"KID same = {same}");
        Assert.True(shifted.Mean > 10 * Math.Abs(same.Mean) && shifted.Mean > 0, $"KID shifted = {shifted}, same = {same}");
    }

    [Fact]
    public void SubsetSizeIsCappedByTheSmallerSetAndSeedIsReproducible()
    {
        var a = MetricTestData.Gaussian(50, 4, seed: 13);
        var b = MetricTestData.Gaussian(30, 4, seed: 14);
        var k1 = KernelInceptionDistance.Compute(a, b, subsets: 10, seed: 5);
        var k2 = KernelInceptionDistance.Compute(a, b, subsets: 10, seed: 5);
        Assert.Equal(30, k1.SubsetSize);
        Assert.Equal(k1, k2);
    }
}
