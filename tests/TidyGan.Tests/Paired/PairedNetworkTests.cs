using TidyGan.Gans;
using TidyGan.Nn;
using TidyGan.Nn.CycleGan;
using TidyGan.Nn.Paired;
using TidyGan.Tests.Data;
using static TorchSharp.torch;

namespace TidyGan.Tests.Paired;

/// <summary>pix2pix's and the denoisers' networks: shapes, dropout, and parameter counts against the reference's.</summary>
public class PairedNetworkTests
{
    private static long Parameters(nn.Module m) => m.parameters().Sum(p => p.numel());

    /// <summary>RGB pix2pix as the reference builds it: it prints 54.414 M for unet_256 (batch norm, ngf 64) and 2.769 M for the basic
    /// D (ndf 64, 6 input channels). Its layer list gives exactly 54,413,955 and 2,768,705 (the PyTorch twin below asserts both).</summary>
    [Fact]
    public void PaperCountsForRgbMatchTheReference()
    {
        var networks = (Pix2PixOptions.Paper with { Channels = 3 }).Networks;
        using var g = new UnetGenerator(networks);
        using var d = new PatchDiscriminator(networks, inputChannels: 6);
        Assert.Equal(54_413_955, Parameters(g));
        Assert.Equal(2_768_705, Parameters(d));
    }

    /// <summary>1-channel CT: the counts of a PyTorch twin built from the reference's definitions (UnetSkipConnectionBlock with
    /// BatchNorm2d, use_bias = False, Dropout(0.5) in the num_downs − 5 middle blocks; NLayerDiscriminator on input_nc + output_nc).</summary>
    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void PaperCountsForOneChannelMatchAPyTorchTwin()
    {
        var twin = Python.Json(Twin);
        var networks = Pix2PixOptions.Paper.Networks;
        using var g = new UnetGenerator(networks);
        using var d = new PatchDiscriminator(networks, inputChannels: 2);
        Assert.Equal(twin.GetProperty("g").GetInt64(), Parameters(g));
        Assert.Equal(twin.GetProperty("d").GetInt64(), Parameters(d));
        Assert.Equal(twin.GetProperty("dropouts").GetInt32(), g.modules().Count(m => m is TorchSharp.Modules.Dropout));
        Assert.Equal(twin.GetProperty("d_out").EnumerateArray().Select(e => e.GetInt64()), d.call(zeros(1, 2, 256, 256)).shape);
    }

    [Fact]
    public void ShapesOfTheCpuPresets()
    {
        using var scope = NewDisposeScope();
        var networks = Pix2PixOptions.Cpu.Networks with { GeneratorWidth = 4, DiscriminatorWidth = 4 };
        using var g = new UnetGenerator(networks);
        using var d = new PatchDiscriminator(networks, inputChannels: 2);
        var x = rand(2, 1, 64, 64) * 2 - 1;
        var y = g.call(x);
        Assert.Equal(new long[] { 2, 1, 64, 64 }, y.shape);
        Assert.True(y.abs().max().item<float>() <= 1f);
        Assert.Equal(new long[] { 2, 1, 14, 14 }, d.call(cat([x, y], 1)).shape);          // 2 layers: 34×34 px patches
        using var red = new RedCnn(1, 4);
        Assert.Equal(new long[] { 2, 1, 64, 64 }, red.call(x).shape);
        Assert.Equal(new long[] { 2, 1, 37, 37 }, red.call(x.narrow(2, 0, 37).narrow(3, 0, 37)).shape);   // any size > 20 px
    }

    /// <summary>Chen 2017's RED-CNN: 5 convs and 5 transposed convs of 5×5 with biases, 96 filters.</summary>
    [Fact]
    public void RedCnnHasThePapersParameterCount()
    {
        static long Conv(long input, long output) => input * output * 25 + output;
        using var red = new RedCnn(1, 96);
        Assert.Equal(2 * Conv(1, 96) - 96 + 1 + 8 * Conv(96, 96), Parameters(red));      // conv1 + tconv5 + 8 inner layers
        Assert.Equal(1_848_865, Parameters(red));
    }

    [Fact]
    public void DropoutIsOnInTrainingAndOffInEval()
    {
        using var scope = NewDisposeScope();
        var networks = Pix2PixOptions.Cpu.Networks with { GeneratorWidth = 4 };
        using var g = new UnetGenerator(networks);
        Assert.Equal(1, g.modules().Count(m => m is TorchSharp.Modules.Dropout));   // unet_64: 6 levels, one 8w block around the innermost
        var x = rand(4, 1, 64, 64) * 2 - 1;
        g.train();
        Assert.False(g.call(x).equal(g.call(x)).all().item<bool>());
        g.eval();
        Assert.True(g.call(x).equal(g.call(x)).all().item<bool>());
    }

    /// <summary>Cycle-GAN's networks and configuration JSON are unchanged by the new norm and dropout options.</summary>
    [Fact]
    public void CycleGanDefaultsKeepInstanceNormWithoutDropout()
    {
        using var g = new UnetGenerator(CycleGanOptions.Paper with { Generator = CycleGeneratorKind.UNet, GeneratorWidth = 2, ImageSize = 32 });
        Assert.DoesNotContain(g.modules(), m => m is TorchSharp.Modules.Dropout or TorchSharp.Modules.BatchNorm2d);
        var json = System.Text.Json.JsonSerializer.Serialize(CycleGanOptions.Paper, TidyGan.Training.Checkpoint.Json);
        Assert.DoesNotContain("norm", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dropout", json, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => (CycleGanOptions.Paper with { Dropout = true }).Validate());   // ResNet G has none
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        Assert.Contains("pix2pix", Assert.Throws<ArgumentException>(() => (Pix2PixOptions.Cpu with { ImageSize = 48 }).Validate()).Message);
        Assert.Throws<ArgumentException>(() => (Pix2PixOptions.Cpu with { L1Weight = -1 }).Validate());
        Assert.Throws<ArgumentException>(() => (DenoiserOptions.Cpu with { ImageSize = 16 }).Validate());
    }

    private const string Twin = """
        import json, torch, torch.nn as nn
        # The reference's pix2pix networks (junyanz/pytorch-CycleGAN-and-pix2pix models/networks.py), written out for --norm batch.
        class Block(nn.Module):
            def __init__(self, outer, inner, input_nc=None, sub=None, outermost=False, innermost=False, dropout=False):
                super().__init__()
                self.outermost = outermost
                input_nc = input_nc or outer
                down = nn.Conv2d(input_nc, inner, 4, 2, 1, bias=False)
                if outermost:
                    layers = [down, sub, nn.ReLU(True), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), nn.Tanh()]
                elif innermost:
                    layers = [nn.LeakyReLU(0.2, True), down, nn.ReLU(True), nn.ConvTranspose2d(inner, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)]
                else:
                    layers = [nn.LeakyReLU(0.2, True), down, nn.BatchNorm2d(inner), sub, nn.ReLU(True),
                              nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)] + ([nn.Dropout(0.5)] if dropout else [])
                self.model = nn.Sequential(*layers)
        def unet(input_nc, output_nc, num_downs, ngf):
            b = Block(ngf * 8, ngf * 8, innermost=True)
            for _ in range(num_downs - 5): b = Block(ngf * 8, ngf * 8, sub=b, dropout=True)
            b = Block(ngf * 4, ngf * 8, sub=b); b = Block(ngf * 2, ngf * 4, sub=b); b = Block(ngf, ngf * 2, sub=b)
            return Block(output_nc, ngf, input_nc=input_nc, sub=b, outermost=True)
        def nlayer(input_nc, ndf, n_layers):
            seq = [nn.Conv2d(input_nc, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
            mult = 1
            for n in range(1, n_layers):
                prev, mult = mult, min(2 ** n, 8)
                seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * mult), nn.LeakyReLU(0.2, True)]
            prev, mult = mult, min(2 ** n_layers, 8)
            seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, 1, 1, bias=False), nn.BatchNorm2d(ndf * mult), nn.LeakyReLU(0.2, True),
                    nn.Conv2d(ndf * mult, 1, 4, 1, 1)]
            return nn.Sequential(*seq)
        count = lambda m: sum(p.numel() for p in m.parameters())
        g, d = unet(1, 1, 8, 64), nlayer(2, 64, 3)
        rgb_g, rgb_d = unet(3, 3, 8, 64), nlayer(6, 64, 3)
        assert count(rgb_g) == 54413955 and count(rgb_d) == 2768705, (count(rgb_g), count(rgb_d))
        print(json.dumps({'g': count(g), 'd': count(d), 'dropouts': sum(isinstance(m, nn.Dropout) for m in g.modules()),
                          'd_out': list(d(torch.zeros(1, 2, 256, 256)).shape)}))
        """;
}
