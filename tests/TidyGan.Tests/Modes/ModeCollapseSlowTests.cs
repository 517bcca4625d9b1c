using TidyGan.Experiments.Modes;

namespace TidyGan.Tests.Modes;

/// <summary>A real training run: the non-saturating GAN learns to cover ring8's modes (the table's settings, seed 0).</summary>
[Collection(GlobalRandomState.Name)]
public class ModeCollapseSlowTests
{
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void NonSaturatingGanRecoversRingModes()
    {
        using var dir = new TempDirectory();
        var options = new ModeBenchmarkOptions
        {
            Steps = 1500, EvaluateEvery = 500, LearningRate = 1e-3,
            Model = new TidyGan.Nn.PointGanOptions { GeneratorWidth = 128, DiscriminatorWidth = 64 },
        };
        // One libtorch thread, as `tidygan modes` uses: two threads on a tiny MLP mostly spin (docs/numerics.md §2).
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        ModeRunResult result;
        try { result = ModeRun.Run(GaussianMixture2D.Ring8, ModeMethod.NonSaturating, seed: 0, options, dir.Path); }
        finally { TorchSharp.torch.set_num_threads(threads); }
        // Untrained, G maps every z to ≈ (0, 0), 1 away from every mode: 0 modes. Thresholds: see docs/numerics.md §2.
        Assert.True(result.Final.ModesRecovered >= MinimumModes, $"{result.Final.ModesRecovered} modes, counts {string.Join(",", result.Final.Counts)}");
        Assert.True(result.Final.HighQualityFraction >= MinimumHighQuality, $"{result.Final.HighQualityFraction:P1} high quality");
    }

    private const int MinimumModes = 3;
    private const double MinimumHighQuality = 0.01;
}
