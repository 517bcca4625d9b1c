using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// The DC-GAN layer recipe, written once and shared by the unconditional and conditional models:
/// fractional-strided up-steps with BatchNorm + ReLU for the generator, strided down-steps with BatchNorm
/// (not on the first) + LeakyReLU(0.2) for the discriminator, no pooling, no fully connected hidden layers,
/// no bias before a BatchNorm. Layer names (conv0, bn0, relu0, ...) become state_dict keys.
/// </summary>
internal static class DcGanStacks
{
    /// <summary>LeakyReLU slope of the discriminator (paper: 0.2).</summary>
    public const double LeakySlope = 0.2;

    /// <summary>
    /// Generator body: input [N, inputDim, 1, 1] → image [N, C, S, S] in (−1, 1).
    /// conv0 projects the 1×1 input to a b×b map of width·2^(k−1) channels; conv1..convk each double the side.
    /// </summary>
    public static Sequential Generator(DcGanOptions options, int inputDim)
    {
        options.Validate();
        int k = options.Steps, b = options.BaseSize, w = options.GeneratorWidth;
        var layers = new List<(string, Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)>();

        var channels = w << (k - 1);
        layers.Add(("conv0", ConvTranspose2d(inputDim, channels, b, stride: 1, padding: 0, bias: false)));
        layers.Add(("bn0", BatchNorm2d(channels)));
        layers.Add(("relu0", ReLU()));
        // state size: (w·2^(k−1)) x b x b
        var side = b;
        for (var i = 1; i <= k; i++)
        {
            side *= 2;
            if (i < k)
            {
                var next = channels / 2;
                layers.Add(($"conv{i}", ConvTranspose2d(channels, next, 4, stride: 2, padding: 1, bias: false)));
                layers.Add(($"bn{i}", BatchNorm2d(next)));
                layers.Add(($"relu{i}", ReLU()));
                channels = next;
                // state size: channels x side x side   (w·2^(k−1−i) x b·2^i x b·2^i)
            }
            else
            {
                layers.Add(($"conv{i}", ConvTranspose2d(channels, options.Channels, 4, stride: 2, padding: 1, bias: false)));
                layers.Add(("tanh", Tanh()));
                // state size: C x S x S
            }
        }
        return Sequential(layers);
    }

    /// <summary>
    /// Discriminator feature extractor: image [N, inputChannels, S, S] → [N, width·2^(k−1), b, b].
    /// conv0 has no BatchNorm (paper: "not applying batchnorm to ... the discriminator input layer").
    /// </summary>
    public static Sequential DiscriminatorFeatures(DcGanOptions options, int inputChannels)
    {
        options.Validate();
        int k = options.Steps, w = options.DiscriminatorWidth;
        var layers = new List<(string, Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)>
        {
            ("conv0", Conv2d(inputChannels, w, 4, stride: 2, padding: 1, bias: false)),
            ("lrelu0", LeakyReLU(LeakySlope)),
        };
        // state size: w x S/2 x S/2
        var channels = w;
        for (var i = 1; i < k; i++)
        {
            layers.Add(($"conv{i}", Conv2d(channels, channels * 2, 4, stride: 2, padding: 1, bias: false)));
            layers.Add(options.DiscriminatorNorm == DiscriminatorNorm.LayerNorm
                ? ($"ln{i}", GroupNorm(1, channels * 2))
                : ($"bn{i}", BatchNorm2d(channels * 2)));
            layers.Add(($"lrelu{i}", LeakyReLU(LeakySlope)));
            channels *= 2;
            // state size: (w·2^i) x S/2^(i+1) x S/2^(i+1)
        }
        // state size: (w·2^(k−1)) x b x b
        return Sequential(layers);
    }

    /// <summary>Channels of the discriminator's last feature map, w·2^(k−1).</summary>
    public static int DiscriminatorFeatureChannels(DcGanOptions options) => options.DiscriminatorWidth << (options.Steps - 1);

    /// <summary>The discriminator's head: one b×b convolution to a single logit (no sigmoid: losses take logits).</summary>
    public static Conv2d DiscriminatorHead(DcGanOptions options) =>
        Conv2d(DiscriminatorFeatureChannels(options), 1, options.BaseSize, stride: 1, padding: 0L, bias: false);
        // state size: 1 x 1 x 1
}
