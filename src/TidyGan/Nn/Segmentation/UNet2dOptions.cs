using System.Text.Json.Serialization;

namespace TidyGan.Nn.Segmentation;

/// <summary>
/// The 2-D segmentation U-Net (Ronneberger 2015, scaled down): Width filters at full resolution, doubled
/// at each of Depth downsamplings, Classes output channels. The Cpu preset (64 px, 16 filters, 3
/// downsamplings: 64 → 32 → 16 → 8 px) trains in minutes on two cores.
/// </summary>
public sealed record UNet2dOptions(int ImageSize = 64, int InChannels = 1, int Classes = 3, int Width = 16, int Depth = 3)
{
    public static UNet2dOptions Cpu { get; } = new();

    public void Validate()
    {
        if (Width < 1 || Depth < 1 || Classes < 2 || InChannels < 1) throw new ArgumentException($"invalid U-Net options {this}");
        if (ImageSize % (1 << Depth) != 0) throw new ArgumentException($"image size {ImageSize} is not divisible by 2^{Depth} (depth {Depth})");
    }

    /// <summary>
    /// Names of the feature maps a domain discriminator can read, shallow to deep and back:
    /// enc1…encD (encoder, before each downsampling), bottleneck, decD…dec1 (decoder, after each merge).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> LayerNames =>
        [.. Enumerable.Range(1, Depth).Select(d => $"enc{d}"), "bottleneck", .. Enumerable.Range(1, Depth).Reverse().Select(d => $"dec{d}")];

    /// <summary>Channels and side length (px) of a named feature map.</summary>
    public (int Channels, int Side) LayerShape(string name)
    {
        if (name == "bottleneck") return (Width << Depth, ImageSize >> Depth);
        if (name.Length > 3 && int.TryParse(name[3..], out int d) && d >= 1 && d <= Depth && name[..3] is "enc" or "dec")
            return (Width << (d - 1), ImageSize >> (d - 1));
        throw new ArgumentException($"unknown U-Net layer '{name}'; valid: {string.Join(", ", LayerNames)}");
    }
}
