using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// The reference's UnetGenerator: log2(size) levels down to 1×1, filters w, 2w, 4w, then 8w for every deeper
/// level; unet_256 (8 levels, w = 64, 3 channels) has 54.408 M parameters with instance norm, 54,414,080 with pix2pix's batch
/// norm. Dropout (pix2pix) sits in the levels − 5 middle 8w blocks around the innermost one (3 for unet_256), as the reference's.
/// </summary>
public sealed class UnetGenerator : Module<Tensor, Tensor>
{
    private readonly UnetSkipBlock model;

    public UnetGenerator(CycleGanOptions options) : base(nameof(UnetGenerator))
    {
        options.Validate();
        int levels = options.UNetLevels, w = options.GeneratorWidth;
        if (levels < 5) throw new ArgumentException($"Cycle-GAN: the U-Net generator needs images of at least 32 px (got {options.ImageSize})");
        var norm = options.Norm;
        var block = new UnetSkipBlock(8 * w, 8 * w, null, norm: norm);                       // innermost: 8w at 1×1
        for (int i = 0; i < levels - 5; i++) block = new UnetSkipBlock(8 * w, 8 * w, block, norm: norm, dropout: options.Dropout);
        block = new UnetSkipBlock(4 * w, 8 * w, block, norm: norm);
        block = new UnetSkipBlock(2 * w, 4 * w, block, norm: norm);
        block = new UnetSkipBlock(w, 2 * w, block, norm: norm);
        model = new UnetSkipBlock(options.Channels, w, block, options.Channels, outermost: true, norm: norm);
        RegisterComponents();
        CycleLayers.Initialise(this);
    }

    public override Tensor forward(Tensor image) => model.call(image);
}
