using TidyGan.Metrics;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

public sealed class BootstrapTests
{
    [Fact]
    public void IntervalOfAMeanDifferenceMatchesTheNormalApproximation()
    {
        // metric = mean(real) − mean(fake) on scalars; its standard error is √(σ²/n + σ²/m).
        var rng = new Random(40);
        var real = Enumerable.Range(0, 400).Select(_ => rng.NextDouble()).ToArray();
        var fake = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() + 0.1).ToArray();
        double Metric(int[] r, int[] f) => r.Average(i => real[i]) - f.Average(i => fake[i]);
        var ci = Bootstrap.ConfidenceInterval(Metric, real.Length, fake.Length, resamples: 2000, level: 0.95, seed: 1);

        Assert.Equal(real.Average() - fake.Average(), ci.Value, 1e-12);
        double se = Math.Sqrt(1.0 / 12 / 400 + 1.0 / 12 / 300);
        Assert.InRange(ci.High - ci.Low, 2 * 1.96 * se * 0.85, 2 * 1.96 * se * 1.15);
        Assert.True(ci.Low < ci.Value && ci.Value < ci.High);
        Assert.Equal((2000, 0.95), (ci.Resamples, ci.Level));
        Assert.Equal(ci, Bootstrap.ConfidenceInterval(Metric, real.Length, fake.Length, resamples: 2000, level: 0.95, seed: 1));
    }

    [Fact]
    public void WrapsAFeatureMetricThroughRowIndices()
    {
        using var scope = torch.NewDisposeScope();
        var real = FeatureMatrix.ToTensor(MetricTestData.Gaussian(200, 4, seed: 41));
        var fake = FeatureMatrix.ToTensor(MetricTestData.Gaussian(150, 4, seed: 42, shift: 0.5));
        double Fd(int[] r, int[] f)
        {
            using var step = torch.NewDisposeScope();
            return FrechetDistance.Compute(real.index_select(0, torch.tensor(r)), fake.index_select(0, torch.tensor(f)));
        }
        var ci = Bootstrap.ConfidenceInterval(Fd, 200, 150, resamples: 50, seed: 3);
        Assert.Equal(FrechetDistance.Compute(real, fake), ci.Value, 1e-12);
        Assert.True(ci.Low < ci.Value && ci.Value < ci.High, $"{ci}");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.25, 1.75)]
    [InlineData(1.0, 4.0)]
    public void QuantileInterpolatesLinearlyLikeNumpy(double q, double expected) =>
        Assert.Equal(expected, Bootstrap.Quantile([1, 2, 3, 4], q), 1e-12);

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.ConfidenceInterval((_, _) => 0, 0, 5, 10));
        Assert.Throws<ArgumentException>(() => Bootstrap.ConfidenceInterval((_, _) => 0, 5, 5, 1));
        Assert.Throws<ArgumentException>(() => Bootstrap.ConfidenceInterval((_, _) => 0, 5, 5, 10, level: 1.0));
    }
}
