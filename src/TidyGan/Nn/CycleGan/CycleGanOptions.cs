using System.Text.Json.Serialization;

namespace TidyGan.Nn.CycleGan;

/// <summary>Generator architectures of the Cycle-GAN reference implementation (junyanz/pytorch-CycleGAN-and-pix2pix, --netG).</summary>
public enum CycleGeneratorKind
{
    /// <summary>resnet_6blocks: Johnson 2016's network with 6 residual blocks (the paper's choice for 128 px).</summary>
    ResNet6,
    /// <summary>resnet_9blocks: 9 residual blocks (the paper's choice for 256 px; the reference's default).</summary>
    ResNet9,
    /// <summary>unet_N: a U-Net that halves the image down to 1×1 (log2(size) levels, unet_256 = 8).</summary>
    UNet,
}

/// <summary>
/// Cycle-GAN (Zhu 2017) as the reference implementation runs it by default: ResNet generator with reflection
/// padding and instance norm, 70×70 PatchGAN (3 layers), LSGAN, an image pool of 50, cycle weight λ = 10 in
/// both directions, identity weight 0.5·λ, no dropout.
/// </summary>
public sealed record CycleGanOptions
{
    public int ImageSize { get; init; } = 256;
    public int Channels { get; init; } = 1;
    public CycleGeneratorKind Generator { get; init; } = CycleGeneratorKind.ResNet9;

    /// <summary>Filters of the generators' first conv layer (--ngf).</summary>
    public int GeneratorWidth { get; init; } = 64;

    /// <summary>Filters of the discriminators' first conv layer (--ndf).</summary>
    public int DiscriminatorWidth { get; init; } = 64;

    /// <summary>Strided conv layers of the PatchGAN (--n_layers_D); 3 gives the 70×70 receptive field.</summary>
    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>λ: weight of the L1 cycle loss, the same in both directions (--lambda_A = --lambda_B = 10).</summary>
    public double CycleWeight { get; init; } = 10;

    /// <summary>Identity loss weight as a fraction of λ (--lambda_identity 0.5); 0 switches it off.</summary>
    public double IdentityWeight { get; init; } = 0.5;

    /// <summary>--norm of G and D: instance (Cycle-GAN's default) or batch (pix2pix's). Left out of the JSON at its default,
    /// so configurations written before it existed keep their form.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NormKind Norm { get; init; } = NormKind.Instance;

    /// <summary>Dropout 0.5 in the U-Net's 8w blocks around the innermost one (pix2pix's "noise" in G; --no_dropout off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Dropout { get; init; }

    /// <summary>Fakes the discriminators remember (Shrivastava 2017); 0 = always the newest.</summary>
    public int PoolSize { get; init; } = 50;

    public int ResidualBlocks => Generator switch { CycleGeneratorKind.ResNet6 => 6, CycleGeneratorKind.ResNet9 => 9, _ => 0 };

    /// <summary>The paper's 256 px setting: resnet_9blocks, 64 filters.</summary>
    public static CycleGanOptions Paper { get; } = new();

    /// <summary>
    /// Chosen for about 20 minutes on 2 CPU cores shared with other jobs (docs/mr-to-ct.md has the measurements):
    /// 64 px (3.75 mm pixels over a 240 mm field of view), resnet_6blocks (the paper's choice below 256 px), 32
    /// filters in G and D (one libtorch thread: 4.9 steps/s at load 13, so 3,000 steps fit in 20 minutes even
    /// when the cores are shared; 16 filters ran 11.6 steps/s). At 64 px a 3-layer PatchGAN would see 70×70 px, more than the whole image; 2 layers
    /// (34×34 px, ≈ 13 cm) keep it a patch discriminator of about the paper's relative size.
    /// </summary>
    public static CycleGanOptions Cpu { get; } = new()
    {
        ImageSize = 64, Generator = CycleGeneratorKind.ResNet6, GeneratorWidth = 32, DiscriminatorWidth = 32, DiscriminatorLayers = 2,
    };

    public CycleGanOptions Validate()
    {
        if (Channels is not (1 or 3)) throw new ArgumentException($"Cycle-GAN: channels must be 1 or 3 (got {Channels})");
        if (GeneratorWidth <= 0 || DiscriminatorWidth <= 0) throw new ArgumentException("Cycle-GAN: filter counts must be positive");
        if (DiscriminatorLayers is < 1 or > 6) throw new ArgumentException($"Cycle-GAN: discriminator layers must be 1…6 (got {DiscriminatorLayers})");
        if (CycleWeight < 0 || IdentityWeight < 0) throw new ArgumentException("Cycle-GAN: loss weights must be ≥ 0");
        if (PoolSize < 0) throw new ArgumentException($"Cycle-GAN: pool size must be ≥ 0 (got {PoolSize})");
        if (Generator != CycleGeneratorKind.UNet && (Dropout || Norm != NormKind.Instance))
            throw new ArgumentException("Cycle-GAN: batch norm and dropout are implemented for the U-Net generator only");
        if (Generator == CycleGeneratorKind.UNet)
        {
            if (ImageSize < 8 || (ImageSize & (ImageSize - 1)) != 0)
                throw new ArgumentException($"Cycle-GAN: the U-Net generator needs a power-of-two image size ≥ 8 (got {ImageSize})");
        }
        else if (ImageSize < 8 || ImageSize % 4 != 0)
            throw new ArgumentException($"Cycle-GAN: the ResNet generator needs an image size that is a multiple of 4, ≥ 8 (got {ImageSize})");
        int patchOut = ImageSize;
        for (int i = 0; i < DiscriminatorLayers; i++) patchOut /= 2;
        if (patchOut - 2 < 1) throw new ArgumentException($"Cycle-GAN: {DiscriminatorLayers} discriminator layers leave no output patch for {ImageSize} px images");
        return this;
    }

    /// <summary>U-Net levels: log2(size), so the bottleneck is 1×1 (unet_256 has 8).</summary>
    public int UNetLevels => (int)Math.Round(Math.Log2(ImageSize));
}
