using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.Segmentation;

/// <summary>
/// 2-D U-Net segmenter: per level two 3×3 conv + ReLU, 2×2 max-pool down, 2×2 transposed conv up, skip
/// connections by concatenation, a 1×1 conv to class logits. No normalisation layers: batch statistics would
/// differ between source and target batches and silently adapt the network (AdaBN), blurring what the
/// adversarial term itself buys. <see cref="ForwardWithFeatures"/> also returns every named feature map
/// (<see cref="UNet2dOptions.LayerNames"/>) for the domain discriminator.
/// </summary>
public sealed class UNet2d : Module<Tensor, Tensor>
{
    private readonly ModuleList<Sequential> encoder = new();
    private readonly Sequential bottleneck;
    private readonly ModuleList<ConvTranspose2d> up = new();
    private readonly ModuleList<Sequential> decoder = new();
    private readonly Conv2d head;
    private readonly int depth;

    public UNet2d(UNet2dOptions options) : base(nameof(UNet2d))
    {
        options.Validate();
        Options = options;
        depth = options.Depth;
        int w = options.Width, inChannels = options.InChannels;
        for (int d = 0; d < depth; d++)
        {
            encoder.Add(Block(inChannels, w << d));       // state size: (w·2^d) × S/2^d × S/2^d
            inChannels = w << d;
        }
        bottleneck = Block(inChannels, w << depth);      // (w·2^D) × S/2^D × S/2^D
        for (int d = depth - 1; d >= 0; d--)
        {
            up.Add(ConvTranspose2d(w << (d + 1), w << d, 2, stride: 2));
            decoder.Add(Block(2 * (w << d), w << d));    // skip + upsampled → (w·2^d) × S/2^d × S/2^d
        }
        head = Conv2d(w, options.Classes, 1);            // class logits, Classes × S × S
        RegisterComponents();
    }

    public UNet2dOptions Options { get; }

    public override Tensor forward(Tensor image) => ForwardWithFeatures(image).Logits;

    /// <summary>Logits [N, Classes, S, S] and the feature maps in <see cref="UNet2dOptions.LayerNames"/> order.</summary>
    public (Tensor Logits, Tensor[] Features) ForwardWithFeatures(Tensor image)
    {
        var features = new List<Tensor>();
        var skips = new List<Tensor>();
        var x = image;
        for (int d = 0; d < depth; d++)
        {
            x = encoder[d].call(x);
            skips.Add(x);
            features.Add(x);
            x = functional.max_pool2d(x, 2);
        }
        x = bottleneck.call(x);
        features.Add(x);
        for (int i = 0; i < depth; i++)
        {
            x = up[i].call(x);
            x = decoder[i].call(cat([skips[depth - 1 - i], x], 1));
            features.Add(x);
        }
        return (head.call(x), [.. features]);
    }

    private static Sequential Block(int inChannels, int outChannels) => Sequential(
        ("conv1", Conv2d(inChannels, outChannels, 3, padding: 1)), ("relu1", ReLU()),
        ("conv2", Conv2d(outChannels, outChannels, 3, padding: 1)), ("relu2", ReLU()));
}
