using System.Text.Json.Serialization;

namespace TidyGan.Nn;

/// <summary>
/// DC-GAN (Radford, Metz &amp; Chintala 2015, as in pytorch/examples <c>dcgan/main.py</c>).
/// One definition serves every image size <c>S = b·2^k</c> with base <c>b ∈ {4, 7}</c> and <c>k ≥ 1</c>
/// (8, 14, 16, 28, 32, 56, 64, 112, 128, 256, ...): the generator projects z to a b×b map and doubles it
/// k times; the discriminator halves the image k times and ends with a b×b convolution.
/// </summary>
/// <param name="ImageSize">Side of the square image in pixels.</param>
/// <param name="Channels">Image channels (1 for CT/MR slices, 3 for RGB).</param>
/// <param name="LatentDim">Length of z (the paper's and pytorch/examples' nz = 100).</param>
/// <param name="GeneratorWidth">Channels of the generator's last hidden layer (ngf = 64); doubles per level inward.</param>
/// <param name="DiscriminatorWidth">Channels of the discriminator's first layer (ndf = 64); doubles per level.</param>
/// <param name="DiscriminatorNorm">
/// BatchNorm (the paper) or LayerNorm. A gradient penalty is taken per sample, which batch statistics
/// break, so WGAN-GP critics use layer norm (Gulrajani 2017, §4).
/// </param>
public sealed record DcGanOptions(
    int ImageSize = 64,
    int Channels = 1,
    int LatentDim = 100,
    int GeneratorWidth = 64,
    int DiscriminatorWidth = 64,
    DiscriminatorNorm DiscriminatorNorm = DiscriminatorNorm.BatchNorm)
{
    /// <summary>Largest supported side; beyond it the channel plan (width·2^(k−1)) becomes absurd.</summary>
    public const int MaxImageSize = 1024;

    /// <summary>The paper's / pytorch/examples' set-up: 64×64 RGB, nz 100, ngf = ndf = 64.</summary>
    public static DcGanOptions Paper { get; } = new(ImageSize: 64, Channels: 3, LatentDim: 100, GeneratorWidth: 64, DiscriminatorWidth: 64);

    /// <summary>A CPU-friendly 64×64 grey-level model: half the width (about a quarter of the FLOPs).</summary>
    public static DcGanOptions Cpu { get; } = new(ImageSize: 64, Channels: 1, LatentDim: 100, GeneratorWidth: 32, DiscriminatorWidth: 32);

    /// <summary>28×28 grey-level (Fashion-MNIST): base 7, two up-steps.</summary>
    public static DcGanOptions Mnist { get; } = new(ImageSize: 28, Channels: 1, LatentDim: 100, GeneratorWidth: 64, DiscriminatorWidth: 64);

    /// <summary>Side of the smallest feature map, 4 or 7 (pytorch/examples: 4).</summary>
    [JsonIgnore]
    public int BaseSize => Decompose(ImageSize).BaseSize;

    /// <summary>Number of ×2 steps between the base map and the image (pytorch/examples at 64 px: 4).</summary>
    [JsonIgnore]
    public int Steps => Decompose(ImageSize).Steps;

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when the options describe no DC-GAN.</summary>
    public DcGanOptions Validate()
    {
        if (ImageSize < 8 || ImageSize > MaxImageSize || Decompose(ImageSize).Steps == 0)
        {
            throw new ArgumentException(
                $"DC-GAN image size {ImageSize} is not supported: it must be 4·2^k or 7·2^k with k ≥ 1 and at most " +
                $"{MaxImageSize} (e.g. 8, 14, 16, 28, 32, 56, 64, 112, 128, 256). Resize or crop the images to one of these.",
                nameof(ImageSize));
        }
        if (Channels < 1) throw new ArgumentException($"Channels must be ≥ 1, got {Channels}.", nameof(Channels));
        if (LatentDim < 1) throw new ArgumentException($"LatentDim must be ≥ 1, got {LatentDim}.", nameof(LatentDim));
        if (GeneratorWidth < 1) throw new ArgumentException($"GeneratorWidth must be ≥ 1, got {GeneratorWidth}.", nameof(GeneratorWidth));
        if (DiscriminatorWidth < 1) throw new ArgumentException($"DiscriminatorWidth must be ≥ 1, got {DiscriminatorWidth}.", nameof(DiscriminatorWidth));
        return this;
    }

    /// <summary>Whether <paramref name="imageSize"/> is b·2^k with b ∈ {4, 7}, k ≥ 1, within the size limit.</summary>
    public static bool IsSupportedSize(int imageSize) =>
        imageSize >= 8 && imageSize <= MaxImageSize && Decompose(imageSize).Steps > 0;

    private static (int BaseSize, int Steps) Decompose(int size)
    {
        var steps = 0;
        while (size > 7 && size % 2 == 0)
        {
            size /= 2;
            steps++;
            if (size == 4) break;                  // 64 → 4 (k = 4), never on to 2 and 1
        }
        return size is 4 or 7 && steps > 0 ? (size, steps) : (0, 0);
    }
}
