using TidyGan.Data;
using TidyGan.Gans;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TidyGan.Tests.Anomaly;

[Collection(GlobalRandomState.Name)]
public class FAnoGanEncoderTests(ITestOutputHelper output)
{
    /// <summary>The izi_f encoder learns to invert a known G: after 300 steps on generated images (batch 32), its image residual
    /// (1/n)‖x − G(E(x))‖² on fresh generated images is below 20% of those images' variance about their mean image (what a
    /// constant reconstruction would leave), and below a third of the untrained encoder's. G and D do not move.</summary>
    [Fact]
    public void EncoderInvertsItsGeneratorOnGeneratedImages()
    {
        var (g, d) = AnomalyTestNetworks.Create(seed: 5);
        var wgan = new WganGpConfig(AnomalyTestNetworks.Options);
        using var model = new FAnoGan(new FAnoGanConfig("(in memory)", wgan) { Adam = new AdamOptions(1e-3, 0.5, 0.999) }, g, d);
        var frozenBefore = model.Frozen.parameters().Select(p => p.detach().clone()).ToList();
        using var random = new Generator(21);
        using var test = Generated(g, 64, random);
        double variance = (test - test.mean([0], keepdim: true)).square().mean().item<float>();
        double untrained;
        using (var r = model.Score(test)) untrained = r.ImageResidual.mean().item<float>();

        for (int step = 1; step <= 300; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Generated(g, 32, random);
            model.Step(new StepContext(step, 300, random, _ => new Batch(batch, null)));
        }
        using var result = model.Score(test);
        double residual = result.ImageResidual.mean().item<float>();
        output.WriteLine($"image residual: untrained E {untrained:F5}, trained E {residual:F5}; variance of G's images {variance:F5}; " +
            $"feature residual {result.FeatureResidual.mean().item<float>():F5}");
        Assert.True(residual < 0.2 * variance, $"residual {residual:F5} is not below 20% of the images' variance {variance:F5}");
        Assert.True(residual < untrained / 3, $"residual {residual:F5} vs untrained {untrained:F5}");
        Assert.Equal(test.shape, result.Map.shape);
        Assert.All(model.Frozen.parameters().Zip(frozenBefore), p => Assert.True(p.First.allclose(p.Second, 0, 0)));
        foreach (var t in frozenBefore) t.Dispose();
    }

    /// <summary>The score is Eq. 8's: the image term plus κ times the feature term.</summary>
    [Fact]
    public void ScoreIsImageResidualPlusKappaTimesFeatureResidual()
    {
        var (g, d) = AnomalyTestNetworks.Create(seed: 6);
        using var model = new FAnoGan(new FAnoGanConfig("(in memory)", new WganGpConfig(AnomalyTestNetworks.Options), Kappa: 2.5), g, d);
        using var random = new Generator(2);
        using var x = rand([3, 1, 16, 16], generator: random) * 2 - 1;
        using var r = model.Score(x);
        using var expected = r.ImageResidual + 2.5 * r.FeatureResidual;
        Assert.True(r.Score.allclose(expected, rtol: 1e-5, atol: 1e-7));
        using var map = (x - r.Reconstruction).abs();
        Assert.True(r.Map.allclose(map));
    }

    private static Tensor Generated(TidyGan.Nn.DcGanGenerator g, int count, Generator random)
    {
        using var noGrad = no_grad();
        return g.call(randn([count, AnomalyTestNetworks.Options.LatentDim], generator: random));
    }
}
