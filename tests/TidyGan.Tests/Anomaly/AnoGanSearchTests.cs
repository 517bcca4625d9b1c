using TidyGan.Gans;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Anomaly;

[Collection(GlobalRandomState.Name)]
public class AnoGanSearchTests(ITestOutputHelper output)
{
    /// <summary>On a known generator, the search from a random z₁ towards a target G(z₀) cuts the residual Σ|x − G(z)| to
    /// under a quarter of its starting value in 300 iterations, and the map keeps the image's shape.</summary>
    [Fact]
    public void LatentSearchLowersTheResidualTowardsAGeneratedTarget()
    {
        var (g, d) = AnomalyTestNetworks.Create(seed: 3);
        using var _g = g;
        using var _d = d;
        using var random = new Generator(11);
        using var z0 = randn([4, AnomalyTestNetworks.Options.LatentDim], generator: random);
        using var start = randn([4, AnomalyTestNetworks.Options.LatentDim], generator: random);
        Tensor target;
        double before;
        using (no_grad())
        {
            target = g.call(z0);
            before = (target - g.call(start)).abs().flatten(1).sum(1).mean().item<float>();
        }
        using var _t = target;
        using var result = AnoGanSearch.Run(g, d, target, start, new AnoGanOptions(Iterations: 300, LearningRate: 0.05));
        double after = result.ImageResidual.mean().item<float>();
        output.WriteLine($"residual Σ|x − G(z)| per image: start {before:F3}, after 300 iterations {after:F3}");
        Assert.True(after < 0.25 * before, $"the residual fell only from {before:F3} to {after:F3}");
        Assert.Equal(target.shape, result.Map.shape);
        Assert.Equal(new long[] { 4 }, result.Score.shape);
        Assert.All(g.parameters(), p => Assert.True(p.requires_grad));      // G's parameters are given back as they were
    }

    [Theory]
    [InlineData(0, 0.1, 0.01)]
    [InlineData(10, 1.5, 0.01)]
    [InlineData(10, 0.1, 0)]
    public void RejectsBadOptions(int iterations, double lambda, double rate) =>
        Assert.Throws<ArgumentException>(() => new AnoGanOptions(iterations, lambda, rate).Validate());
}
