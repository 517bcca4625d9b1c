using TidyGan.Gans;
using TidyGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Tests.Training;

public class SamplingTests
{
    [Fact]
    public void SamplingLeavesBatchnormStatisticsAlone()
    {
        using var gan = TinyData.Gan("dcgan");
        var before = gan.Generator.named_buffers().Select(b => b.Item2.clone()).ToList();
        using var random = new torch.Generator(1);
        using var images = Sampling.Generate(gan, gan.Generator, 5, random, CPU);
        Assert.Equal([5, 1, 28, 28], images.shape);
        foreach (var (buffer, saved) in gan.Generator.named_buffers().Select(b => b.Item2).Zip(before))
            Assert.True(buffer.equal(saved).all().item<bool>());
    }

    [Fact]
    public void InterpolationPathsStartAndEndAtTheirPoints()
    {
        using var random = new torch.Generator(2);
        using var a = randn([100], generator: random);
        using var b = randn([100], generator: random);
        foreach (var path in new[] { LatentInterpolation.Linear(a, b, 7), LatentInterpolation.Spherical(a, b, 7) })
        {
            Assert.Equal([7, 100], path.shape);
            Assert.True(path[0].allclose(a, atol: 1e-5));
            Assert.True(path[6].allclose(b, atol: 1e-5));
        }
    }

    [Fact]
    public void SphericalPathKeepsTheNormOfEqualNormPoints()
    {
        using var a = tensor(new float[] { 3, 0, 0 });
        using var b = tensor(new float[] { 0, 3, 0 });
        using var spherical = LatentInterpolation.Spherical(a, b, 5);
        using var linear = LatentInterpolation.Linear(a, b, 5);
        Assert.All(spherical.norm(1).data<float>().ToArray(), n => Assert.Equal(3, n, 4));
        Assert.Equal(3 / Math.Sqrt(2), linear[2].norm().item<float>(), 4);   // linear cuts through the middle
    }
}
