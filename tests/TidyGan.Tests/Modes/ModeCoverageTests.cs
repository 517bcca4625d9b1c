using TidyGan.Metrics;
using TidyGan.Experiments.Modes;

namespace TidyGan.Tests.Modes;

/// <summary>VEEGAN/PacGAN mode metrics on hand-made point sets whose answers are known.</summary>
public class ModeCoverageTests
{
    private static readonly GaussianMixture2D Ring = GaussianMixture2D.Ring8;

    private static float[] At(params (double X, double Y)[] points) => points.SelectMany(p => new[] { (float)p.X, (float)p.Y }).ToArray();

    [Fact]
    public void BalancedPointsOnEveryModeRecoverAllWithNoDivergence()
    {
        var points = At(Enumerable.Range(0, 10).SelectMany(_ => Ring.Means).ToArray());
        var score = ModeCoverage.Compute(points, Ring.Means, Ring.StandardDeviation);
        Assert.Equal(8, score.ModesRecovered);
        Assert.Equal(1.0, score.HighQualityFraction);
        Assert.Equal(0.0, score.KlToUniform, 12);
        Assert.All(score.Counts, c => Assert.Equal(10, c));
    }

    [Fact]
    public void CollapseOnOneModeGivesOneModeAndLogK()
    {
        var points = At(Enumerable.Repeat(Ring.Means[3], 50).ToArray());
        var score = ModeCoverage.Compute(points, Ring.Means, Ring.StandardDeviation);
        Assert.Equal(1, score.ModesRecovered);
        Assert.Equal(1.0, score.HighQualityFraction);
        Assert.Equal(Math.Log(8), score.KlToUniform, 12);
    }

    [Theory]
    [InlineData(2.9, true)]
    [InlineData(3.1, false)]
    public void HighQualityMeansWithinThreeStandardDeviations(double sigmas, bool highQuality)
    {
        var grid = GaussianMixture2D.Grid25;
        var (x, y) = grid.Means[7];
        // Offset along a diagonal: the distance counts, not each coordinate.
        double d = sigmas * grid.StandardDeviation / Math.Sqrt(2);
        var score = ModeCoverage.Compute(At((x + d, y - d)), grid.Means, grid.StandardDeviation);
        Assert.Equal(highQuality ? 1 : 0, score.ModesRecovered);
        Assert.Equal(highQuality ? 1.0 : 0.0, score.HighQualityFraction);
        if (!highQuality) Assert.True(double.IsNaN(score.KlToUniform));
    }

    [Fact]
    public void MixedSetCountsOnlyHighQualityPoints()
    {
        // 3 points on mode 0, 1 on mode 2, 4 far away (between modes): half are high quality.
        var points = At(Ring.Means[0], Ring.Means[0], Ring.Means[0], Ring.Means[2], (0, 0), (0.1, 0.1), (3, 3), (-0.5, 0.5));
        var score = ModeCoverage.Compute(points, Ring.Means, Ring.StandardDeviation);
        Assert.Equal(2, score.ModesRecovered);
        Assert.Equal(0.5, score.HighQualityFraction);
        // KL((3/4, 1/4, 0, ...) ‖ uniform over 8) = 3/4 ln 6 + 1/4 ln 2.
        Assert.Equal(0.75 * Math.Log(6) + 0.25 * Math.Log(2), score.KlToUniform, 12);
    }

    [Fact]
    public void MinimumCountDropsModesWithTooFewPoints()
    {
        var points = At(Enumerable.Repeat(Ring.Means[0], 20).Concat(Enumerable.Repeat(Ring.Means[1], 19)).ToArray());
        Assert.Equal(2, ModeCoverage.Compute(points, Ring.Means, Ring.StandardDeviation).ModesRecovered);
        Assert.Equal(1, ModeCoverage.Compute(points, Ring.Means, Ring.StandardDeviation, minimumCount: 20).ModesRecovered);
    }

    [Fact]
    public void BadInputsAreRejectedWithAMessage()
    {
        Assert.Contains("pairs", Assert.Throws<ArgumentException>(() => ModeCoverage.Compute(new float[3], Ring.Means, 0.01)).Message);
        Assert.Contains("standard deviation", Assert.Throws<ArgumentException>(() => ModeCoverage.Compute(new float[2], Ring.Means, 0)).Message);
    }
}
