using TidyGan.Metrics;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

/// <summary>The one-pass KID + PRDC must give what the two separate metrics give (themselves checked against numpy).</summary>
public sealed class SharedGramMetricsTests
{
    [Theory]
    [InlineData(300, 250, 16, 5, 12, 100)]
    [InlineData(120, 140, 40, 3, 7, 1000)]      // subset size capped at min(n real, n fake)
    [InlineData(600, 600, 8, 5, 4, 200)]        // more than two row blocks of 256
    public void EqualsSeparateKidAndPrdc(int nReal, int nFake, int d, int k, int subsets, int subsetSize)
    {
        using var scope = torch.NewDisposeScope();
        var real = FeatureMatrix.ToTensor(MetricTestData.Gaussian(nReal, d, seed: 21));
        var fake = FeatureMatrix.ToTensor(MetricTestData.Gaussian(nFake, d, seed: 22, shift: 0.3));
        var (kid, prdc) = SharedGramMetrics.Compute(real, fake, k, subsets, subsetSize, seed: 4);
        var kidAlone = KernelInceptionDistance.Compute(real, fake, subsets, subsetSize, seed: 4);
        var prdcAlone = PrecisionRecallDensityCoverage.Compute(real, fake, k);

        Assert.Equal(kidAlone.Mean, kid.Mean, 1e-10);
        Assert.Equal(kidAlone.StandardError, kid.StandardError, 1e-10);
        Assert.Equal(kidAlone.StandardDeviation, kid.StandardDeviation, 1e-10);
        Assert.Equal((kidAlone.Subsets, kidAlone.SubsetSize), (kid.Subsets, kid.SubsetSize));
        Assert.Equal(prdcAlone, prdc);
    }

    [Fact]
    public void IdenticalSetsGivePrecisionAndRecallOneAndKidNearZero()
    {
        using var scope = torch.NewDisposeScope();
        var x = FeatureMatrix.ToTensor(MetricTestData.Gaussian(200, 6, seed: 5));
        var (kid, prdc) = SharedGramMetrics.Compute(x, x, 5, 10, 50, seed: 1);
        Assert.Equal((1.0, 1.0), (prdc.Precision, prdc.Recall));
        Assert.True(Math.Abs(kid.Mean) < 4 * kid.StandardDeviation + 1e-3, $"{kid}");
    }

    [Fact]
    public void PaysOnlyWhenTheFullBlocksAreNoLargerThanTheSubsets()
    {
        Assert.True(SharedGramMetrics.Pays(10_000, 10_000, 100, 1000));
        Assert.True(SharedGramMetrics.Pays(2_000, 2_000, 100, 1000));
        Assert.False(SharedGramMetrics.Pays(50_000, 50_000, 100, 1000));
    }
}
