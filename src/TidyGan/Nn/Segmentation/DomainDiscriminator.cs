using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.Segmentation;

/// <summary>
/// Kamnitsas 2017's multi-connected domain discriminator: it reads the segmenter's feature maps from several
/// depths at once (<see cref="Layers"/>), each resized to one common side (average pooling down, bilinear up),
/// concatenated along channels, then batch norm, 3×3 conv, two stride-2 convs (each with batch norm and LeakyReLU),
/// global average pooling and a linear layer to one logit per image: the log-odds that the image came from the source
/// domain. Batch norm matters: the raw maps of a freshly initialised U-Net are ~0.01 in size and differ by 10× between
/// layers, and without it D barely learns in hundreds of steps. Call it on a batch holding BOTH domains, so its batch
/// statistics are shared and cannot themselves remove the domain difference it must detect.
/// </summary>
public sealed class DomainDiscriminator : Module<Tensor[], Tensor>
{
    private readonly Sequential body;
    private readonly Linear classify;
    private readonly int[] layerIndices;
    private readonly int side;

    /// <param name="layers">Names from <see cref="UNet2dOptions.LayerNames"/>; the discriminator sees exactly these.</param>
    public DomainDiscriminator(UNet2dOptions segmenter, IReadOnlyList<string> layers, int width = 64) : base(nameof(DomainDiscriminator))
    {
        if (layers.Count == 0) throw new ArgumentException("the domain discriminator needs at least one layer (--disc-layers)");
        var names = segmenter.LayerNames;
        var unknown = layers.Where(l => !names.Contains(l)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"--disc-layers: unknown layer(s) {string.Join(", ", unknown)}; valid: {string.Join(", ", names)}");
        if (layers.Distinct().Count() != layers.Count) throw new ArgumentException("--disc-layers: a layer is listed twice");
        Layers = [.. layers];
        layerIndices = layers.Select(l => names.ToList().IndexOf(l)).ToArray();
        side = Math.Max(4, segmenter.ImageSize / 4);
        InputChannels = layers.Sum(l => segmenter.LayerShape(l).Channels);
        body = Sequential(
            ("norm_in", BatchNorm2d(InputChannels)),                                                 // layers differ in scale by 10×
            ("conv0", Conv2d(InputChannels, width, 3, padding: 1)), ("norm0", BatchNorm2d(width)), ("act0", LeakyReLU(0.2)),  // width × s × s
            ("conv1", Conv2d(width, width, 4, stride: 2, padding: 1)), ("norm1", BatchNorm2d(width)), ("act1", LeakyReLU(0.2)),  // width × s/2 × s/2
            ("conv2", Conv2d(width, width, 4, stride: 2, padding: 1)), ("norm2", BatchNorm2d(width)), ("act2", LeakyReLU(0.2)),  // width × s/4 × s/4
            ("pool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()));
        classify = Linear(width, 1);
        RegisterComponents();
    }

    public IReadOnlyList<string> Layers { get; }

    /// <summary>Channels of the concatenated input (sum over the chosen layers).</summary>
    public int InputChannels { get; }

    /// <summary>The chosen maps from all of the segmenter's features, resized and concatenated: [N, InputChannels, s, s].</summary>
    public Tensor Gather(Tensor[] features) => cat(layerIndices.Select(i => Resize(features[i])).ToList(), 1);

    /// <summary>One logit per image from all of the segmenter's features (only the chosen layers are read).</summary>
    public override Tensor forward(Tensor[] features) => classify.call(body.call(Gather(features))).flatten();

    private Tensor Resize(Tensor map)
    {
        long s = map.shape[2];
        if (s == side) return map;
        return s > side ? functional.adaptive_avg_pool2d(map, [side, side])
                        : functional.interpolate(map, size: [side, side], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
