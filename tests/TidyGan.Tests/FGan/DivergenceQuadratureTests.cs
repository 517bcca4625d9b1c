using TidyGan.Experiments.FGan;
using TidyGan.Losses;

namespace TidyGan.Tests.FGan;

public class DivergenceQuadratureTests
{
    [Theory]
    [InlineData(0.0, 1.0, 1.0, 2.0)]
    [InlineData(-1.0, 0.5, 2.0, 1.5)]
    public void KullbackLeiblerBetweenGaussiansMatchesItsClosedForm(double m1, double s1, double m2, double s2)
    {
        double expected = Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
        double kl = DivergenceQuadrature.Divergence(FDivergence.KullbackLeibler,
            x => DivergenceQuadrature.Gaussian(x, m1, s1), x => DivergenceQuadrature.Gaussian(x, m2, s2));
        Assert.Equal(expected, kl, 1e-6);
        double reverse = DivergenceQuadrature.Divergence(FDivergence.ReverseKullbackLeibler,
            x => DivergenceQuadrature.Gaussian(x, m2, s2), x => DivergenceQuadrature.Gaussian(x, m1, s1));
        Assert.Equal(expected, reverse, 1e-6);   // KL(P‖Q) = reverse KL with the roles swapped
    }

    [Fact]
    public void JensenShannonOfDisjointDistributionsIsItsMaximum()
    {
        // Supports 20 σ apart: the paper's JS f gives 2·JSD = 2 log 2, the GAN divergence 2 log 2 − log 4 = 0.
        Func<double, double> p = x => DivergenceQuadrature.Gaussian(x, -5, 0.25), q = x => DivergenceQuadrature.Gaussian(x, 5, 0.25);
        Assert.Equal(2 * Math.Log(2), DivergenceQuadrature.Divergence(FDivergence.JensenShannon, p, q), 1e-6);
        Assert.Equal(0, DivergenceQuadrature.Divergence(FDivergence.Gan, p, q), 1e-6);
        Assert.Equal(2, DivergenceQuadrature.Divergence(FDivergence.SquaredHellinger, p, q), 1e-6);
    }

    [Fact]
    public void KullbackLeiblerMinimiserCoversBothModesAndReverseKlPicksOne()
    {
        var target = GaussianMixture1D.Bimodal;
        // KL(P‖N(μ, σ²)) is minimised by moment matching: μ = E_P[x] = 0, σ² = Var_P = 0.25 + 4.
        var kl = DivergenceQuadrature.Minimise(FDivergence.KullbackLeibler, target);
        Assert.InRange(kl.Mean, 0, 0.01);
        Assert.Equal(Math.Sqrt(target.Variance), kl.StdDev, 1e-3);
        Assert.Equal(Math.Sqrt(4.25), kl.StdDev, 1e-3);

        // Reverse KL sits on one mode: μ ≈ 2, σ ≈ 0.5, KL(Q‖P) ≈ log 2 (Q misses half of P's mass).
        var rkl = DivergenceQuadrature.Minimise(FDivergence.ReverseKullbackLeibler, target);
        Assert.InRange(rkl.Mean, 1.9, 2.1);
        Assert.InRange(rkl.StdDev, 0.45, 0.55);
        Assert.Equal(Math.Log(2), rkl.Divergence, 1e-3);

        // Beyond the endpoints: Pearson χ² covers even more than KL; Hellinger and JS lie between.
        foreach (var d in new[] { FDivergence.Pearson, FDivergence.SquaredHellinger, FDivergence.JensenShannon, FDivergence.Gan })
        {
            var m = DivergenceQuadrature.Minimise(d, target);
            Assert.True(double.IsFinite(m.Divergence), d.Name);
            Assert.True(m.Divergence <= DivergenceQuadrature.ToGaussian(d, target, 0, 1) + 1e-9, d.Name);
        }
    }

    [Fact]
    public void MixtureDensityIntegratesToOneAndSamplesMatchItsMoments()
    {
        var target = GaussianMixture1D.Bimodal;
        double mass = 0;
        for (double t = -10; t < 10; t += 0.001) mass += target.Density(t + 0.0005) * 0.001;
        Assert.Equal(1, mass, 1e-6);
        using var random = new TorchSharp.torch.Generator(3);
        using var x = target.Sample(20_000, random);
        Assert.Equal(0, x.mean().item<float>(), 0.05);
        Assert.Equal(4.25, x.var().item<float>(), 0.1);
    }
}
