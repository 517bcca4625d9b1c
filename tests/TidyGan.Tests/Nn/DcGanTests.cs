using TidyGan.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TidyGan.Tests.Nn;

public class DcGanTests
{
    private static DcGanOptions Small(int size, int channels) =>
        new(ImageSize: size, Channels: channels, LatentDim: 16, GeneratorWidth: 8, DiscriminatorWidth: 8);

    [Theory]
    [InlineData(28, 1, 7, 2)]
    [InlineData(28, 3, 7, 2)]
    [InlineData(32, 1, 4, 3)]
    [InlineData(32, 3, 4, 3)]
    [InlineData(56, 1, 7, 3)]
    [InlineData(56, 3, 7, 3)]
    [InlineData(64, 1, 4, 4)]
    [InlineData(64, 3, 4, 4)]
    [InlineData(128, 1, 4, 5)]
    [InlineData(128, 3, 4, 5)]
    public void ShapesForEverySupportedSize(int size, int channels, int baseSize, int steps)
    {
        using var scope = NewDisposeScope();
        var options = Small(size, channels);
        Assert.Equal(baseSize, options.BaseSize);
        Assert.Equal(steps, options.Steps);
        using var generator = new DcGanGenerator(options);
        using var discriminator = new DcGanDiscriminator(options);

        var images = generator.call(generator.Noise(2));
        Assert.Equal(new long[] { 2, channels, size, size }, images.shape);
        var logits = discriminator.call(images);
        Assert.Equal(new long[] { 2 }, logits.shape);
    }

    [Fact]
    public void GeneratorAcceptsFourDimensionalNoise()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcGanGenerator(Small(32, 1));
        Assert.Equal(new long[] { 3, 1, 32, 32 }, generator.call(randn(3, 16, 1, 1)).shape);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(30)]
    [InlineData(48)]
    [InlineData(100)]
    [InlineData(2048)]
    public void UnsupportedSizesThrowWithAClearMessage(int size)
    {
        var error = Assert.Throws<ArgumentException>(() => new DcGanOptions(ImageSize: size).Validate());
        Assert.Contains($"image size {size}", error.Message);
        Assert.Contains("4·2^k or 7·2^k", error.Message);
        Assert.False(DcGanOptions.IsSupportedSize(size));
        Assert.Throws<ArgumentException>(() => new DcGanGenerator(new DcGanOptions(ImageSize: size)));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(112)]
    [InlineData(256)]
    public void OtherSupportedSizesValidate(int size) => Assert.True(DcGanOptions.IsSupportedSize(size));

    [Fact]
    public void OtherInvalidOptionsThrow()
    {
        Assert.Throws<ArgumentException>(() => new DcGanOptions(Channels: 0).Validate());
        Assert.Throws<ArgumentException>(() => new DcGanOptions(LatentDim: 0).Validate());
        Assert.Throws<ArgumentException>(() => new DcGanOptions(GeneratorWidth: 0).Validate());
        Assert.Throws<ArgumentException>(() => new DcGanOptions(DiscriminatorWidth: -1).Validate());
    }

    [Fact]
    public void PresetsArePaperAndCpu()
    {
        Assert.Equal(new DcGanOptions(64, 3, 100, 64, 64), DcGanOptions.Paper);
        Assert.Equal(64, DcGanOptions.Cpu.ImageSize);
        Assert.True(DcGanOptions.Cpu.GeneratorWidth < 64);
        Assert.Equal(28, DcGanOptions.Mnist.ImageSize);
    }

    [Fact]
    public void GeneratorOutputIsInsideTanhRange()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcGanGenerator(Small(28, 1));
        var images = generator.call(randn(4, 16) * 100);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.True(images.abs().max().item<float>() > 0f);
    }

    [Fact]
    public void GeneratorFollowsTheDcGanRecipe()
    {
        using var generator = new DcGanGenerator(Small(64, 3));
        var modules = generator.named_modules().ToList();
        Assert.DoesNotContain(modules, m => m.module is Linear or MaxPool2d or AvgPool2d or Conv2d);
        var deconvs = modules.Where(m => m.module is ConvTranspose2d).Select(m => (ConvTranspose2d)m.module).ToList();
        Assert.Equal(5, deconvs.Count);                                   // project + 4 up-steps
        Assert.All(deconvs, d => Assert.Null(d.bias));                    // no bias before batchnorm / tanh
        Assert.Equal(4, modules.Count(m => m.module is BatchNorm2d));     // all but the output layer
        Assert.Equal(4, modules.Count(m => m.module is ReLU));
        Assert.Equal("main.tanh", modules.Single(m => m.module is Tanh).name);
        Assert.Equal(new long[] { 16, 64, 4, 4 }, deconvs[0].weight!.shape); // latent → 8·w at 4×4
        Assert.Equal(new long[] { 8, 3, 4, 4 }, deconvs[^1].weight!.shape);
    }

    [Fact]
    public void DiscriminatorFollowsTheDcGanRecipe()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new DcGanDiscriminator(Small(64, 3));
        var modules = discriminator.named_modules().ToList();
        Assert.DoesNotContain(modules, m => m.module is Linear or MaxPool2d or AvgPool2d or ConvTranspose2d or Sigmoid);
        var names = modules.Select(m => m.name).Where(n => n.StartsWith("features.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[]
            {
                "features.conv0", "features.lrelu0",
                "features.conv1", "features.bn1", "features.lrelu1",
                "features.conv2", "features.bn2", "features.lrelu2",
                "features.conv3", "features.bn3", "features.lrelu3",
            },
            names);
        Assert.Contains(modules, m => m.name == "head" && m.module is Conv2d);
        Assert.DoesNotContain("features.bn0", names);                   // no batchnorm on the input block
        var x = tensor(new[] { -1f, 2f });
        foreach (var (_, m) in modules.Where(m => m.module is LeakyReLU))
        {
            var y = ((LeakyReLU)m).call(x);
            Assert.Equal(-0.2f, y[0].item<float>(), 6);                    // slope 0.2
            Assert.Equal(2f, y[1].item<float>());
        }
        var convs = modules.Where(m => m.module is Conv2d).Select(m => (Conv2d)m.module).ToList();
        Assert.Equal(5, convs.Count);
        var head = (Conv2d)modules.Single(m => m.name == "head").module;
        Assert.Equal(new long[] { 1, 64, 4, 4 }, head.weight!.shape);         // b×b head to one logit
    }

    [Fact]
    public void InitialisationIsNormalWithStd002()
    {
        using var generator = new DcGanGenerator(DcGanOptions.Paper);
        using var discriminator = new DcGanDiscriminator(DcGanOptions.Paper);
        var g = generator.state_dict();
        var d = discriminator.state_dict();
        foreach (var w in new[] { g["main.conv1.weight"], d["features.conv2.weight"] })
        {
            Assert.InRange(w.std().item<float>(), 0.0195f, 0.0205f);
            Assert.InRange(w.mean().item<float>(), -0.001f, 0.001f);
        }
        var bnWeight = g["main.bn0.weight"];                                // 512 values
        Assert.InRange(bnWeight.mean().item<float>(), 0.995f, 1.005f);
        Assert.InRange(bnWeight.std().item<float>(), 0.015f, 0.025f);
        Assert.Equal(0f, g["main.bn0.bias"].abs().max().item<float>());
    }

    [Fact]
    public void StateDictKeysAreStable()
    {
        using var generator = new DcGanGenerator(Small(28, 1));
        using var discriminator = new DcGanDiscriminator(Small(28, 1));
        static string[] Bn(string p) =>
            new[] { $"{p}.weight", $"{p}.bias", $"{p}.running_mean", $"{p}.running_var", $"{p}.num_batches_tracked" };
        var expectedG = new[] { "main.conv0.weight" }.Concat(Bn("main.bn0"))
            .Append("main.conv1.weight").Concat(Bn("main.bn1"))
            .Append("main.conv2.weight").ToArray();
        var expectedD = new[] { "features.conv0.weight", "features.conv1.weight" }.Concat(Bn("features.bn1"))
            .Append("head.weight").ToArray();
        // TorchSharp lists parameters before buffers; the names, not their order, are the contract.
        Assert.Equal(expectedG.Order(), generator.state_dict().Keys.Order());
        Assert.Equal(expectedD.Order(), discriminator.state_dict().Keys.Order());
    }

    [Fact]
    public void ParameterCountsMatchPytorchExamplesDcGan()
    {
        // pytorch/examples dcgan/main.py with nc=3, nz=100, ngf=ndf=64, counted with torch 1.13:
        // sum(p.numel() for p in netG.parameters()) = 3,576,704; netD = 2,765,568.
        using var generator = new DcGanGenerator(DcGanOptions.Paper);
        using var discriminator = new DcGanDiscriminator(DcGanOptions.Paper);
        Assert.Equal(3_576_704L, generator.parameters().Sum(p => p.numel()));
        Assert.Equal(2_765_568L, discriminator.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void BackwardReachesEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcGanGenerator(Small(32, 1));
        using var discriminator = new DcGanDiscriminator(Small(32, 1));
        discriminator.call(generator.call(generator.Noise(2))).sum().backward();
        Assert.All(generator.parameters().Concat(discriminator.parameters()), p => Assert.NotNull(p.grad));
    }
}

public class LayerNormCriticTests
{
    [Fact]
    public void LayerNormCriticHasNoBatchStatistics()
    {
        // A gradient penalty is per sample: a critic's output for one image must not depend on the others in the batch.
        var options = new DcGanOptions(ImageSize: 32, Channels: 1, GeneratorWidth: 8, DiscriminatorWidth: 8, DiscriminatorNorm: DiscriminatorNorm.LayerNorm);
        using var critic = new DcGanDiscriminator(options);
        Assert.DoesNotContain(critic.named_modules(), m => m.module is TorchSharp.Modules.BatchNorm2d);
        // Regression: TorchSharp 0.107's GroupNorm can start with uninitialised (even NaN) weights; DcGanInit sets 1 and 0.
        foreach (var norm in critic.named_modules().Select(m => m.module).OfType<TorchSharp.Modules.GroupNorm>())
        {
            Assert.True(norm.weight!.eq(1).all().item<bool>());
            Assert.True(norm.bias!.eq(0).all().item<bool>());
        }
        using var random = new TorchSharp.torch.Generator(5);
        using var batch = TorchSharp.torch.randn([4, 1, 32, 32], generator: random);
        using var alone = critic.call(batch[..1]);
        using var together = critic.call(batch);
        // Equal up to float rounding (a batch of 1 and of 4 may take different conv kernels); batchnorm would differ by O(1).
        Assert.True(alone.allclose(together[..1], rtol: 1e-4, atol: 1e-4), $"{alone.item<float>()} vs {together[0].item<float>()}");
    }
}
