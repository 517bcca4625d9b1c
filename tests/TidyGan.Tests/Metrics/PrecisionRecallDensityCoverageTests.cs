using TidyGan.Metrics;
using TidyGan.Tests.Data;
using TorchSharp;
using Xunit.Abstractions;

namespace TidyGan.Tests.Metrics;

public sealed class PrecisionRecallDensityCoverageTests(ITestOutputHelper output)
{
    // An independent numpy implementation from the papers' definitions (direct differences, full sort).
    private const string Reference = """
        import sys, json, numpy as np
        real = np.load(sys.argv[1]); fake = np.load(sys.argv[2]); k = int(sys.argv[3])
        def dist(a, b): return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
        def kth_other(x):
            d = dist(x, x); np.fill_diagonal(d, np.inf)   # exclude the sample itself
            return np.sort(d, axis=1)[:, k - 1]
        r_rad, f_rad = kth_other(real), kth_other(fake)
        d_rf = dist(real, fake)                           # [N, M]
        inside = d_rf < r_rad[:, None]
        print(json.dumps({
            "precision": float(inside.any(axis=0).mean()),
            "recall": float((d_rf < f_rad[None, :]).any(axis=1).mean()),
            "density": float(inside.sum() / (k * fake.shape[0])),
            "coverage": float((d_rf.min(axis=1) < r_rad).mean())}))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(5, 0.5)]
    [InlineData(5, 0.0)]
    public void MatchesNumpyReference(int k, double shift)
    {
        var real = MetricTestData.Gaussian(300, 10, seed: 20);
        var fake = MetricTestData.Gaussian(250, 10, seed: 21, shift: shift);
        using var dir = new TempDir();
        var expected = MetricTestData.RunNumpy(dir, real, fake, Reference, $"{k}");
        var s = PrecisionRecallDensityCoverage.Compute(real, fake, k);
        Assert.Equal(expected.GetProperty("precision").GetDouble(), s.Precision);
        Assert.Equal(expected.GetProperty("recall").GetDouble(), s.Recall);
        Assert.Equal(expected.GetProperty("density").GetDouble(), s.Density, 1e-12);
        Assert.Equal(expected.GetProperty("coverage").GetDouble(), s.Coverage);
        Assert.Equal((k, 300, 250), (s.K, s.NReal, s.NFake));
    }

    [Fact]
    public void IdenticalSetsGiveFullPrecisionRecallAndCoverage()
    {
        var x = MetricTestData.Gaussian(200, 6, seed: 22);
        var s = PrecisionRecallDensityCoverage.Compute(x, x, 3);
        Assert.Equal(1.0, s.Precision);
        Assert.Equal(1.0, s.Recall);
        Assert.Equal(1.0, s.Coverage);
        Assert.True(s.Density >= 1.0, $"density {s.Density}: each sample lies in its own ball plus at least its k neighbours' on average");
    }

    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void ChunkingDoesNotChangeTheResult()
    {
        // More than one 1024-row chunk on both sides.
        var real = MetricTestData.Gaussian(1500, 4, seed: 23, mix: false);
        var fake = MetricTestData.Gaussian(1100, 4, seed: 24, shift: 0.2, mix: false);
        using var dir = new TempDir();
        var expected = MetricTestData.RunNumpy(dir, real, fake, Reference, "5");
        var s = PrecisionRecallDensityCoverage.Compute(real, fake, 5);
        Assert.Equal(expected.GetProperty("precision").GetDouble(), s.Precision);
        Assert.Equal(expected.GetProperty("recall").GetDouble(), s.Recall);
        Assert.Equal(expected.GetProperty("density").GetDouble(), s.Density, 1e-12);
        Assert.Equal(expected.GetProperty("coverage").GetDouble(), s.Coverage);
    }

    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TwoStandardNormalSamplesMatchThePublishedNumbers()
    {
        // Naeem et al. 2020 (prdc README): N(0, I), 1000-d, 10k vs 10k, k = 5:
        // precision ≈ .477, recall ≈ .471, density ≈ 1.056, coverage ≈ .974.
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(2020);
        var real = torch.randn([10_000, 1000], torch.float64, generator: generator);
        var fake = torch.randn([10_000, 1000], torch.float64, generator: generator);
        var s = PrecisionRecallDensityCoverage.Compute(real, fake, 5);
        output.WriteLine($"{s}");
        Assert.InRange(s.Precision, 0.457, 0.497);
        Assert.InRange(s.Recall, 0.451, 0.491);
        Assert.InRange(s.Density, 1.036, 1.076);
        Assert.InRange(s.Coverage, 0.954, 0.994);
    }
}
