using TidyGan.Experiments.FGan;
using TidyGan.Losses;

namespace TidyGan.Tests.FGan;

/// <summary>The classic result, trained: a Gaussian fitted by f-GAN covers both modes under KL and picks one under reverse KL.</summary>
[Collection(GlobalRandomState.Name)]
public class FGanFitTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void TrainedKlCoversBothModesAndReverseKlPicksOne()
    {
        var target = GaussianMixture1D.Bimodal;
        var options = new FGanFitOptions();
        TorchSharp.torch.set_num_threads(1);
        var kl = FGanFit.Run(FDivergence.KullbackLeibler, target, seed: 1, options);
        Assert.InRange(Math.Abs(kl.Mean), 0, 0.3);         // exact: μ = 0, σ = √4.25 = 2.06
        Assert.InRange(kl.StdDev, 1.8, 2.3);

        var rkl = FGanFit.Run(FDivergence.ReverseKullbackLeibler, target, seed: 1, options);
        Assert.InRange(Math.Abs(rkl.Mean), 1.7, 2.3);       // exact: μ = ±2, σ = 0.5
        Assert.InRange(rkl.StdDev, 0.35, 0.7);
    }
}
