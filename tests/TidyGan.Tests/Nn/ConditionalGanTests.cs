using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Tests.Nn;

public class ConditionalGanTests
{
    private static ConditionalGanOptions Small(int size = 28, int channels = 1, bool projection = false) =>
        new(new DcGanOptions(size, channels, LatentDim: 16, GeneratorWidth: 8, DiscriminatorWidth: 8),
            ClassCount: 5, EmbeddingDim: 6, Projection: projection);

    [Theory]
    [InlineData(28, 1, false)]
    [InlineData(28, 3, true)]
    [InlineData(32, 1, true)]
    [InlineData(64, 3, false)]
    public void Shapes(int size, int channels, bool projection)
    {
        using var scope = NewDisposeScope();
        var options = Small(size, channels, projection);
        using var generator = new ConditionalGenerator(options);
        using var discriminator = new ConditionalDiscriminator(options);
        var labels = tensor(new long[] { 0, 4, 2 });
        var images = generator.call(randn(3, 16), labels);
        Assert.Equal(new long[] { 3, channels, size, size }, images.shape);
        Assert.Equal(new long[] { 3 }, discriminator.call(images, labels).shape);
    }

    [Fact]
    public void GeneratorUsesTheLabel()
    {
        using var scope = NewDisposeScope();
        using var generator = new ConditionalGenerator(Small());
        generator.eval();
        var z = randn(1, 16).expand(2, 16);
        var a = generator.call(z, tensor(new long[] { 0, 0 }));
        var b = generator.call(z, tensor(new long[] { 3, 3 }));
        Assert.True((a - b).abs().max().item<float>() > 1e-4f);
        Assert.True((a[0] - a[1]).abs().max().item<float>() < 1e-6f);     // same z, same label: same image
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DiscriminatorUsesTheLabel(bool projection)
    {
        using var scope = NewDisposeScope();
        using var discriminator = new ConditionalDiscriminator(Small(projection: projection));
        discriminator.eval();
        var image = rand(1, 1, 28, 28).expand(2, 1, 28, 28) * 2 - 1;
        var logits = discriminator.call(image, tensor(new long[] { 1, 4 }));
        Assert.True((logits[0] - logits[1]).abs().item<float>() > 1e-6f);
    }

    [Fact]
    public void ChannelConditioningAddsClassCountInputChannels()
    {
        using var discriminator = new ConditionalDiscriminator(Small());
        var keys = discriminator.state_dict();
        Assert.Equal(new long[] { 8, 1 + 5, 4, 4 }, keys["features.conv0.weight"].shape);
        Assert.False(keys.ContainsKey("embed.weight"));
    }

    [Fact]
    public void ProjectionDiscriminatorEmbedsIntoTheLastFeatureMap()
    {
        using var discriminator = new ConditionalDiscriminator(Small(projection: true));
        var keys = discriminator.state_dict();
        Assert.Equal(new long[] { 8, 1, 4, 4 }, keys["features.conv0.weight"].shape);
        Assert.Equal(new long[] { 5, 16 }, keys["embed.weight"].shape);   // ClassCount × w·2^(k−1)
        Assert.Equal(new long[] { 1, 16, 7, 7 }, keys["head.weight"].shape);
    }

    [Fact]
    public void GeneratorConcatenatesTheEmbeddingToZ()
    {
        using var generator = new ConditionalGenerator(Small());
        var keys = generator.state_dict();
        Assert.Equal(new long[] { 5, 6 }, keys["embed.weight"].shape);
        Assert.Equal(16 + 6, keys["main.conv0.weight"].shape[0]);
    }

    [Fact]
    public void SampleByClassIsClassMajor()
    {
        using var scope = NewDisposeScope();
        using var generator = new ConditionalGenerator(Small());
        var (images, labels) = generator.SampleByClass(2);
        Assert.Equal(new long[] { 10, 1, 28, 28 }, images.shape);
        Assert.Equal(new long[] { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 }, labels.data<long>().ToArray());
        Assert.False(images.requires_grad);
    }

    [Fact]
    public void InvalidOptionsThrow()
    {
        Assert.Throws<ArgumentException>(() => new ConditionalGanOptions(DcGanOptions.Mnist, ClassCount: 0).Validate());
        Assert.Throws<ArgumentException>(() => new ConditionalGanOptions(DcGanOptions.Mnist, 10, EmbeddingDim: 0).Validate());
        Assert.Throws<ArgumentException>(() => new ConditionalGanOptions(new DcGanOptions(ImageSize: 30), 10).Validate());
    }
}
