using TidyGan.Nn.Segmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Tests.Segmentation;

[Collection(GlobalRandomState.Name)]
public class AdversarialPartsTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void GradientReversalIsTheIdentityForwardAndFlipsAndScalesTheGradient(double lambda)
    {
        torch.manual_seed(3);
        var x = randn([4, 3]).requires_grad_(true);
        var w = randn([4, 3]);
        var y = GradientReversal.Apply(x, lambda);
        Assert.True(y.allclose(x), "forward must be x");
        (y * w).sum().backward();
        Assert.True(x.grad!.allclose(w * -lambda, rtol: 1e-6, atol: 1e-7), "gradient must be −λ·∂L/∂y");

        // Through a chain: a parameter before the layer gets the reversed gradient, one after it the plain one.
        var before = tensor(1.5f).requires_grad_(true);
        var after = tensor(0.7f).requires_grad_(true);
        var loss = (GradientReversal.Apply(before * x.detach(), lambda) * after * w).sum();
        loss.backward();
        double plain = (x.detach() * w).sum().item<float>();
        Assert.Equal(-lambda * plain * 0.7, before.grad!.item<float>(), 3);
        Assert.Equal((1.5 * x.detach() * w).sum().item<float>(), after.grad!.item<float>(), 3);
    }

    [Fact]
    public void DiscriminatorReadsExactlyTheConfiguredLayers()
    {
        torch.manual_seed(5);
        var options = new UNet2dOptions(ImageSize: 32, Width: 8, Depth: 3);
        using var unet = new UNet2d(options);
        string[] layers = ["enc1", "bottleneck", "dec2"];
        using var discriminator = new DomainDiscriminator(options, layers, width: 16);
        var (logits, features) = unet.ForwardWithFeatures(randn([2, 1, 32, 32]));

        Assert.Equal([2L, 3, 32, 32], logits.shape);
        Assert.Equal(options.LayerNames.Count, features.Length);
        Assert.Equal(["enc1", "enc2", "enc3", "bottleneck", "dec3", "dec2", "dec1"], options.LayerNames);
        for (int i = 0; i < features.Length; i++)
        {
            var (channels, side) = options.LayerShape(options.LayerNames[i]);
            Assert.Equal([2L, channels, side, side], features[i].shape);
        }
        Assert.Equal(8 + 64 + 16, discriminator.InputChannels);
        Assert.Equal([2L, 8 + 64 + 16, 8, 8], discriminator.Gather(features).shape);
        Assert.Equal([2L], discriminator.call(features).shape);

        // Behaviour, not only shapes: changing a layer it reads changes its output; changing one it ignores does not.
        using var _ = no_grad();
        var reference = discriminator.call(features);
        for (int i = 0; i < features.Length; i++)
        {
            var changed = features.Select((f, j) => j == i ? f + randn(f.shape) : f).ToArray();
            bool differs = !discriminator.call(changed).allclose(reference);
            Assert.True(differs == layers.Contains(options.LayerNames[i]), $"layer {options.LayerNames[i]}: output changed = {differs}");
        }
    }

    [Fact]
    public void UnknownOrRepeatedDiscriminatorLayersAreRefusedWithTheValidNames()
    {
        var options = UNet2dOptions.Cpu;
        var unknown = Assert.Throws<ArgumentException>(() => new DomainDiscriminator(options, ["enc9"]));
        Assert.Contains("enc9", unknown.Message);
        Assert.Contains("bottleneck", unknown.Message);
        Assert.Throws<ArgumentException>(() => new DomainDiscriminator(options, ["enc1", "enc1"]));
        Assert.Throws<ArgumentException>(() => new DomainDiscriminator(options, []));
    }
}
