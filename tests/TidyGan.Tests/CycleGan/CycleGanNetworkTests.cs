using TidyGan.Nn.CycleGan;
using static TorchSharp.torch;

namespace TidyGan.Tests.CycleGan;

/// <summary>Shapes, parameter counts and state_dict keys against the reference (junyanz/pytorch-CycleGAN-and-pix2pix).</summary>
public class CycleGanNetworkTests
{
    private static long Parameters(nn.Module m) => m.parameters().Sum(p => p.numel());

    /// <summary>The reference prints these counts for 3-channel images: G_A resnet_9blocks 11.378 M, D_A 2.765 M, unet_256 54.408 M.</summary>
    [Theory]
    [InlineData(CycleGeneratorKind.ResNet9, 256, 11.378)]
    public void GeneratorParameterCountsMatchTheReference(CycleGeneratorKind kind, int size, double millions)
    {
        using var g = CycleGenerators.Create(CycleGanOptions.Paper with { Generator = kind, ImageSize = size, Channels = 3 });
        Assert.Equal(millions, Math.Round(Parameters(g) / 1e6, 3));
    }

    /// <summary>
    /// unet_256 with instance norm: every 4×4 conv has a bias and the norms have no parameters (the reference's
    /// 54.408 M is pix2pix's batch-norm variant, whose convs drop the bias and whose norms learn a scale and shift).
    /// </summary>
    [Fact]
    public void UnetParameterCountFollowsItsLayers()
    {
        static long Conv(long input, long output) => input * output * 16 + output;
        long w = 64;
        long[] outer = [3, w, 2 * w, 4 * w, 8 * w, 8 * w, 8 * w, 8 * w];       // level i maps outer[i] ↔ inner[i]
        long[] inner = [w, 2 * w, 4 * w, 8 * w, 8 * w, 8 * w, 8 * w, 8 * w];
        long expected = 0;
        for (int i = 0; i < 8; i++) expected += Conv(outer[i], inner[i]) + Conv(i == 7 ? inner[i] : 2 * inner[i], outer[i]);
        using var g = new UnetGenerator(CycleGanOptions.Paper with { Generator = CycleGeneratorKind.UNet, Channels = 3 });
        Assert.Equal(expected, Parameters(g));
    }

    [Fact]
    public void PatchGanParameterCountMatchesTheReference()
    {
        using var d = new PatchDiscriminator(CycleGanOptions.Paper with { Channels = 3 });
        Assert.Equal(2.765, Math.Round(Parameters(d) / 1e6, 3));
    }

    /// <summary>ResNet generator keys follow the reference's nn.Sequential indices, so its .pth files map one to one.</summary>
    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void ResnetGeneratorKeysFollowTheReferenceLayout(int blocks)
    {
        var options = CycleGanOptions.Paper with { Generator = blocks == 6 ? CycleGeneratorKind.ResNet6 : CycleGeneratorKind.ResNet9, GeneratorWidth = 4, ImageSize = 32 };
        using var g = new ResnetGenerator(options);
        // Reference: 0 pad, 1 conv, 2 norm, 3 relu, 4 conv, 5, 6, 7 conv, 8, 9, then 10.. blocks (conv_block.1 and .5),
        // then transposed convs, a pad and the last conv; instance norm (affine=False) has no parameters.
        var expected = new List<string>();
        foreach (int i in new[] { 1, 4, 7 }) expected.AddRange([$"model.{i}.weight", $"model.{i}.bias"]);
        for (int b = 0; b < blocks; b++)
            foreach (int j in new[] { 1, 5 }) expected.AddRange([$"model.{10 + b}.conv_block.{j}.weight", $"model.{10 + b}.conv_block.{j}.bias"]);
        int up = 10 + blocks;
        foreach (int i in new[] { up, up + 3, up + 7 }) expected.AddRange([$"model.{i}.weight", $"model.{i}.bias"]);
        Assert.Equal(expected.Order(), g.state_dict().Keys.Order());
        Assert.Equal(blocks == 9 ? "model.26.weight" : "model.23.weight", expected[^2]);
    }

    [Fact]
    public void PatchGanKeysFollowTheReferenceLayout()
    {
        using var d = new PatchDiscriminator(CycleGanOptions.Paper with { DiscriminatorWidth = 4 });
        string[] expected = [.. new[] { 0, 2, 5, 8, 11 }.SelectMany(i => new[] { $"model.{i}.weight", $"model.{i}.bias" })];
        Assert.Equal(expected.Order(), d.state_dict().Keys.Order());
    }

    [Fact]
    public void UnetKeysNestAsTheReference()
    {
        using var g = new UnetGenerator(CycleGanOptions.Paper with { Generator = CycleGeneratorKind.UNet, GeneratorWidth = 2, ImageSize = 32 });
        var keys = g.state_dict().Keys.ToHashSet();
        // Outermost: [down conv, inner block, relu, up conv, tanh]; middle: [lrelu, down, norm, inner, relu, up, norm]; innermost: [lrelu, down, relu, up, norm].
        Assert.Contains("model.model.0.weight", keys);
        Assert.Contains("model.model.3.weight", keys);
        Assert.Contains("model.model.1.model.1.weight", keys);
        Assert.Contains("model.model.1.model.5.weight", keys);
        Assert.Contains("model.model.1.model.3.model.3.model.3.model.1.weight", keys);   // innermost down conv (5 levels at 32 px)
        Assert.Contains("model.model.1.model.3.model.3.model.3.model.3.weight", keys);   // innermost up conv
        Assert.Equal(5 * 2 * 2, keys.Count);                                              // 5 levels × (down, up) × (weight, bias)
    }

    [Theory]
    [InlineData(CycleGeneratorKind.ResNet6, 64, 2, 14)]
    [InlineData(CycleGeneratorKind.ResNet9, 32, 3, 2)]
    [InlineData(CycleGeneratorKind.UNet, 64, 3, 6)]
    public void ShapesAndRange(CycleGeneratorKind kind, int size, int layers, int patches)
    {
        using var scope = NewDisposeScope();
        var options = new CycleGanOptions { Generator = kind, ImageSize = size, GeneratorWidth = 4, DiscriminatorWidth = 4, DiscriminatorLayers = layers };
        using var g = CycleGenerators.Create(options);
        using var d = new PatchDiscriminator(options);
        var x = rand(2, 1, size, size) * 2 - 1;
        var y = g.call(x);
        Assert.Equal(new long[] { 2, 1, size, size }, y.shape);
        Assert.True(y.abs().max().item<float>() <= 1f);
        Assert.Equal(new long[] { 2, 1, patches, patches }, d.call(y).shape);
        y.sum().backward();                                                   // the in-place activations keep autograd valid
        Assert.All(g.parameters(), p => Assert.NotNull(p.grad));
    }

    /// <summary>The 70×70 receptive field: a 256 px image gives the reference's 30×30 score map.</summary>
    [Fact]
    public void PaperPatchGanGivesThirtyByThirtyScores()
    {
        using var scope = NewDisposeScope();
        using var d = new PatchDiscriminator(CycleGanOptions.Paper with { DiscriminatorWidth = 2 });
        Assert.Equal(new long[] { 1, 1, 30, 30 }, d.call(zeros(1, 1, 256, 256)).shape);
    }

    [Fact]
    public void PairsExposeBothNetworksAndThePoolsAsState()
    {
        var options = CycleGanOptions.Cpu with { GeneratorWidth = 2, DiscriminatorWidth = 2, PoolSize = 3 };
        using var generators = new CycleGenerators(options);
        using var discriminators = new CycleDiscriminators(options);
        var g = generators.state_dict().Keys.ToList();
        Assert.Contains("a_to_b.model.1.weight", g);
        Assert.Contains("b_to_a.model.1.weight", g);
        var d = discriminators.state_dict();
        Assert.Contains("judge_a.model.0.weight", d.Keys);
        Assert.Contains("judge_b.model.0.weight", d.Keys);
        Assert.Equal(new long[] { 3, 1, 64, 64 }, d["pool_a.images"].shape);
        Assert.Equal(new long[] { 1 }, d["pool_b.count"].shape);
        Assert.DoesNotContain(discriminators.parameters(), p => p.shape.SequenceEqual(new long[] { 3, 1, 64, 64 }));   // pools are buffers, not trained
    }

    [Theory]
    [InlineData(CycleGeneratorKind.ResNet6, 30, "multiple of 4")]
    [InlineData(CycleGeneratorKind.UNet, 48, "power-of-two")]
    public void BadSizesAreNamed(CycleGeneratorKind kind, int size, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new CycleGanOptions { Generator = kind, ImageSize = size }.Validate());
        Assert.Contains(message, e.Message);
        Assert.Contains($"{size}", e.Message);
    }
}
