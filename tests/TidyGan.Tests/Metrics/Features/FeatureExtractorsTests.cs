using TidyGan.Metrics.Features;

namespace TidyGan.Tests.Metrics.Features;

public class FeatureExtractorsTests
{
    [Fact]
    public void CreatesPixels()
    {
        using var extractor = FeatureExtractors.Create("pixels");
        Assert.IsType<PixelFeatures>(extractor);
        Assert.Equal("pixels 1/max32-bilinear-antialias", FeatureExtractors.Describe(extractor));
    }

    [Fact]
    public void CreatesResNet18()
    {
        using var extractor = FeatureExtractors.Create("resnet18-imagenet");
        Assert.IsType<ResNet18ImageNetFeatures>(extractor);
        Assert.StartsWith("resnet18-imagenet onnx-sha256:", FeatureExtractors.Describe(extractor));
        Assert.EndsWith("(512-d)", FeatureExtractors.Describe(extractor));
    }

    [Theory]
    [InlineData("inception")]
    [InlineData("")]
    [InlineData("domain:")]
    [InlineData("Pixels")]
    public void UnknownSpecListsTheValidOnes(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureExtractors.Create(spec));
        Assert.Contains("pixels, resnet18-imagenet, domain:PATH", e.Message);
    }

    [Fact]
    public void MissingDomainFolderIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), "tidygan-no-such-features-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<DirectoryNotFoundException>(() => FeatureExtractors.Create("domain:" + path));
        Assert.Contains(path, e.Message);
    }
}
