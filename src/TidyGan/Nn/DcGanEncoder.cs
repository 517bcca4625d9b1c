using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// f-AnoGAN's encoder E (Schlegl 2019, §2.2): image [N, C, S, S] → latent z [N, LatentDim]. It has the critic's
/// architecture (same stack, same norm) with a LatentDim-channel head, as the paper builds E like D. The paper's
/// last layer is tanh because its z ~ U(−1, 1); TidyGan's generators draw z ~ N(0, I), so the head stays linear.
/// </summary>
public sealed class DcGanEncoder : Module<Tensor, Tensor>
{
    private readonly Sequential features;        // state_dict keys: features.conv0.weight, ...
    private readonly Conv2d head;                // state_dict key: head.weight

    public DcGanEncoder(DcGanOptions options) : base(nameof(DcGanEncoder))
    {
        Options = options.Validate();
        features = DcGanStacks.DiscriminatorFeatures(options, options.Channels);
        head = Conv2d(DcGanStacks.DiscriminatorFeatureChannels(options), options.LatentDim, options.BaseSize, stride: 1, padding: 0L, bias: true);
        // state size: LatentDim x 1 x 1
        RegisterComponents();
        DcGanInit.Apply(this);
    }

    public DcGanOptions Options { get; }

    public override Tensor forward(Tensor image) => head.call(features.call(image)).reshape(image.shape[0], Options.LatentDim);
}
