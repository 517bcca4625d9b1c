using TidyGan.Metrics;
using TidyGan.Experiments.Modes;
using static TorchSharp.torch;

namespace TidyGan.Tests.Modes;

/// <summary>The benchmark mixtures have PacGAN's means and σ, and their samples follow them.</summary>
public class MixtureTests
{
    [Fact]
    public void RingHasEightUnitCircleModesAndGridTwentyFive()
    {
        var ring = GaussianMixture2D.Ring8;
        Assert.Equal(8, ring.ModeCount);
        Assert.Equal(0.01, ring.StandardDeviation);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(1.0, Math.Sqrt(ring.Means[i].X * ring.Means[i].X + ring.Means[i].Y * ring.Means[i].Y), 12);
            Assert.Equal(2 * Math.PI * i / 8, (Math.Atan2(ring.Means[i].Y, ring.Means[i].X) + 2 * Math.PI) % (2 * Math.PI), 12);
        }
        var grid = GaussianMixture2D.Grid25;
        Assert.Equal(25, grid.ModeCount);
        Assert.Equal(0.05, grid.StandardDeviation);
        var expected = from x in new[] { -4.0, -2, 0, 2, 4 } from y in new[] { -4.0, -2, 0, 2, 4 } select (x, y);
        Assert.Equal(expected.OrderBy(p => p).ToList(), grid.Means.OrderBy(p => p).ToList());
    }

    [Theory]
    [InlineData("ring8")]
    [InlineData("grid25")]
    public void SamplesHaveTheRightSpreadAndBalance(string name)
    {
        var mixture = GaussianMixture2D.Parse(name);
        using var random = new Generator(7);
        using var points = mixture.Sample(40_000, random);
        var xy = points.data<float>().ToArray();
        // Real data are "high quality" with probability P(r < 3σ) of a 2-D Gaussian: 1 − e^(−9/2) = 0.98889.
        var score = ModeCoverage.Compute(xy, mixture.Means, mixture.StandardDeviation);
        Assert.InRange(score.HighQualityFraction, 0.98889 - 0.003, 0.98889 + 0.003);
        Assert.Equal(mixture.ModeCount, score.ModesRecovered);
        double expectedPerMode = 40_000.0 / mixture.ModeCount;
        Assert.All(score.Counts, c => Assert.InRange(c, 0.85 * expectedPerMode, 1.15 * expectedPerMode));
        Assert.InRange(score.KlToUniform, 0, 0.005);

        // Per-axis standard deviation around the nearest mean equals σ (within 3%).
        double sum = 0;
        int n = xy.Length / 2;
        for (int i = 0; i < n; i++)
        {
            var nearest = mixture.Means.MinBy(m => (xy[2 * i] - m.X) * (xy[2 * i] - m.X) + (xy[2 * i + 1] - m.Y) * (xy[2 * i + 1] - m.Y));
            sum += (xy[2 * i] - nearest.X) * (xy[2 * i] - nearest.X) + (xy[2 * i + 1] - nearest.Y) * (xy[2 * i + 1] - nearest.Y);
        }
        Assert.InRange(Math.Sqrt(sum / (2 * n)), 0.97 * mixture.StandardDeviation, 1.03 * mixture.StandardDeviation);
    }

    [Fact]
    public void UnknownMixtureNamesTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => GaussianMixture2D.Parse("spiral"));
        Assert.Contains("ring8", error.Message);
        Assert.Contains("grid25", error.Message);
    }
}
