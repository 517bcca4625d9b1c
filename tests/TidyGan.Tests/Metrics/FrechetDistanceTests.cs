using TidyGan.Metrics;
using TidyGan.Tests.Data;
using TorchSharp;

namespace TidyGan.Tests.Metrics;

public sealed class FrechetDistanceTests
{
    // pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm of Σ₁Σ₂), verbatim apart from names.
    private const string Reference = """
        import sys, json, numpy as np
        from scipy import linalg
        a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
        mu1, mu2 = a.mean(0), b.mean(0)
        s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
        diff = mu1 - mu2
        covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
        if not np.isfinite(covmean).all():
            offset = np.eye(s1.shape[0]) * 1e-6
            covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
        if np.iscomplexobj(covmean):
            covmean = covmean.real
        print(json.dumps({"fd": float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))}))
        """;

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData(200, 8, 0.0)]
    [InlineData(300, 16, 0.5)]
    [InlineData(100, 32, 0.1)]
    public void MatchesScipySqrtmReference(int n, int d, double shift)
    {
        var real = MetricTestData.Gaussian(n, d, seed: 1);
        var fake = MetricTestData.Gaussian(n + 17, d, seed: 2, shift: shift);
        using var dir = new TempDir();
        double expected = MetricTestData.RunNumpy(dir, real, fake, Reference).GetProperty("fd").GetDouble();
        double actual = FrechetDistance.Compute(real, fake);
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"TidyGan {actual:R} vs scipy {expected:R}");
    }

    [Fact]
    public void IdenticalSetsGiveZero()
    {
        var x = MetricTestData.Gaussian(500, 32, seed: 3);
        Assert.True(Math.Abs(FrechetDistance.Compute(x, x)) < 1e-8, $"FD(x, x) = {FrechetDistance.Compute(x, x):R}");
    }

    [Fact]
    public void ShiftWithSameCovarianceGivesSquaredShift()
    {
        // FD(N(μ, Σ), N(μ + δ, Σ)) = ‖δ‖²: the trace term is Tr(2Σ − 2Σ) = 0.
        int d = 6;
        var sigma = new double[d, d];
        var rng = new Random(4);
        var a = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) a[i, j] = rng.NextDouble() - 0.5;
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) { for (int k = 0; k < d; k++) sigma[i, j] += a[i, k] * a[j, k]; }
        var mu1 = new double[d];
        var mu2 = new double[d];
        double norm2 = 0;
        for (int i = 0; i < d; i++) { mu1[i] = i; mu2[i] = i + 0.5 * i - 1; norm2 += (mu2[i] - mu1[i]) * (mu2[i] - mu1[i]); }
        Assert.Equal(norm2, FrechetDistance.FromStatistics(mu1, sigma, mu2, sigma), 1e-9);
    }

    [Fact]
    public void DiagonalCovariancesGiveSumOfSquaredStdDifferences()
    {
        // Diagonal Σ: Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) = Σᵢ (σ₁ᵢ − σ₂ᵢ)².
        double[] s1 = [1, 2, 0.5, 3], s2 = [2, 1, 0.5, 0.1];
        double[] mu1 = [0, 1, 2, 3], mu2 = [1, 1, 0, 3];
        var sigma1 = new double[4, 4];
        var sigma2 = new double[4, 4];
        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            sigma1[i, i] = s1[i] * s1[i];
            sigma2[i, i] = s2[i] * s2[i];
            expected += (s1[i] - s2[i]) * (s1[i] - s2[i]) + (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        Assert.Equal(expected, FrechetDistance.FromStatistics(mu1, sigma1, mu2, sigma2), 1e-10);
    }

    [Fact]
    public void SingularCovariancesAreFine()
    {
        // n < d: both covariances are rank-deficient; eigh needs no εI fallback.
        var real = MetricTestData.Gaussian(10, 32, seed: 5);
        var fake = MetricTestData.Gaussian(12, 32, seed: 6);
        double fd = FrechetDistance.Compute(real, fake);
        Assert.True(double.IsFinite(fd) && fd > 0);
    }

    [Fact]
    public void TensorInputsSurviveAndFloat32IsPromoted()
    {
        using var scope = torch.NewDisposeScope();
        var real = FeatureMatrix.ToTensor(MetricTestData.Gaussian(100, 5, seed: 7));
        var fake = FeatureMatrix.ToTensor(MetricTestData.Gaussian(100, 5, seed: 8, shift: 0.2));
        double fd64 = FrechetDistance.Compute(real, fake);
        KernelInceptionDistance.Compute(real, fake, subsets: 3, subsetSize: 50);
        PrecisionRecallDensityCoverage.Compute(real, fake, 3);
        Assert.Equal(fd64, FrechetDistance.Compute(real, fake));                     // the callers' tensors were not disposed
        double fd32 = FrechetDistance.Compute(real.to(torch.float32), fake.to(torch.float32));
        Assert.Equal(fd64, fd32, 1e-4);
    }
}
