using TidyGan.Metrics.Features;
using static TorchSharp.torch;

namespace TidyGan.Tests.Metrics.Features;

public class PixelFeaturesTests
{
    [Theory]
    [InlineData(1, 28, 28, 784)]        // small images are kept as they are
    [InlineData(3, 32, 32, 3072)]
    [InlineData(1, 64, 64, 1024)]       // larger ones shrink to 32 × 32
    [InlineData(1, 64, 32, 512)]        // aspect ratio kept: 32 × 16
    public void DimensionFollowsTheInputAndTheMaximumSide(int channels, int height, int width, int expected)
    {
        using var extractor = new PixelFeatures();
        using var images = rand(5, channels, height, width) * 2 - 1;
        using var features = extractor.Extract(images);
        Assert.Equal(new long[] { 5, expected }, features.shape);
        Assert.Equal(float64, features.dtype);
        Assert.Equal(expected, extractor.DimensionFor(channels, height, width));
    }

    [Fact]
    public void SmallImagesAreFlattenedUnchanged()
    {
        using var extractor = new PixelFeatures();
        using var images = rand(3, 2, 4, 5) * 2 - 1;
        using var features = extractor.Extract(images);
        using var expected = images.reshape(3, -1).to(float64);
        Assert.True(features.allclose(expected, rtol: 0, atol: 0));
    }

    [Fact]
    public void NameAndVersionStateTheDownsampling()
    {
        using var a = new PixelFeatures();
        using var b = new PixelFeatures(16);
        Assert.Equal("pixels", a.Name);
        Assert.Equal("1/max32-bilinear-antialias", a.Version);
        Assert.NotEqual(a.Version, b.Version);
        Assert.Equal(0, a.Dimension);
    }

    [Fact]
    public void ReportsProgress()
    {
        using var extractor = new PixelFeatures();
        using var images = zeros(7, 1, 8, 8);
        int done = 0;
        using var _ = extractor.Extract(images, new SyncProgress(n => done = n));
        Assert.Equal(7, done);
    }
}

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
