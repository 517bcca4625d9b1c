using TidyGan.Nn.CycleGan;

namespace TidyGan.Nn.Paired;

/// <summary>The reference's --gan_mode for pix2pix: vanilla (its default, BCE on logits) or lsgan.</summary>
public enum Pix2PixLoss { Vanilla, LeastSquares }

/// <summary>
/// pix2pix (Isola 2017) as the reference implementation (junyanz/pytorch-CycleGAN-and-pix2pix, pix2pix_model.py) runs it by
/// default: unet_256 generator (8 downsamplings to 1×1, ngf 64, batch norm, dropout 0.5 in the three 8w blocks around the
/// innermost), the 70×70 PatchGAN (n_layers 3, ndf 64, batch norm) on the (input, output) pair, vanilla GAN loss, λ_L1 100.
/// The networks are the Cycle-GAN ones (<see cref="UnetGenerator"/>, <see cref="PatchDiscriminator"/>) with these options.
/// </summary>
public sealed record Pix2PixOptions
{
    public int ImageSize { get; init; } = 256;

    /// <summary>Channels of input and output (1 for CT/MR slices).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>--ngf.</summary>
    public int GeneratorWidth { get; init; } = 64;

    /// <summary>--ndf.</summary>
    public int DiscriminatorWidth { get; init; } = 64;

    /// <summary>--n_layers_D (3: 70×70 patches).</summary>
    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>--norm (batch, pix2pix's default).</summary>
    public NormKind Norm { get; init; } = NormKind.Batch;

    /// <summary>Dropout in G (on by default; --no_dropout off).</summary>
    public bool Dropout { get; init; } = true;

    /// <summary>--gan_mode.</summary>
    public Pix2PixLoss Loss { get; init; } = Pix2PixLoss.Vanilla;

    /// <summary>--lambda_L1: weight of L1(G(x), y).</summary>
    public double L1Weight { get; init; } = 100;

    /// <summary>The reference's defaults at 256 px.</summary>
    public static Pix2PixOptions Paper { get; } = new();

    /// <summary>
    /// For 2 CPU cores: 64 px (unet_64: 6 levels, one dropout block), 32 filters in G and D, and a 2-layer PatchGAN (34×34 px
    /// patches; 3 layers would see more than the 64 px image), as <see cref="CycleGanOptions.Cpu"/> chose for the same reason.
    /// </summary>
    public static Pix2PixOptions Cpu { get; } = new() { ImageSize = 64, GeneratorWidth = 32, DiscriminatorWidth = 32, DiscriminatorLayers = 2 };

    /// <summary>The shared network options (U-Net generator) these settings build.</summary>
    public CycleGanOptions Networks => new()
    {
        ImageSize = ImageSize, Channels = Channels, Generator = CycleGeneratorKind.UNet, GeneratorWidth = GeneratorWidth,
        DiscriminatorWidth = DiscriminatorWidth, DiscriminatorLayers = DiscriminatorLayers, Norm = Norm, Dropout = Dropout,
        CycleWeight = 0, IdentityWeight = 0, PoolSize = 0,
    };

    public Pix2PixOptions Validate()
    {
        if (!(L1Weight >= 0)) throw new ArgumentException($"pix2pix: λ_L1 must be ≥ 0 (got {L1Weight})");
        try { Networks.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException(e.Message.Replace("Cycle-GAN:", "pix2pix:"), e); }
        if (ImageSize < 32) throw new ArgumentException($"pix2pix: the U-Net generator needs images of at least 32 px (got {ImageSize})");
        return this;
    }
}
