using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// DC-GAN discriminator: image [N, C, S, S] → one logit per image, shape [N] (no sigmoid: the losses take
/// logits). At 64 px this is exactly pytorch/examples' <c>Discriminator</c> minus its final Sigmoid
/// (2,765,568 parameters for nc = 3).
/// </summary>
public sealed class DcGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential features;        // state_dict keys: features.conv0.weight, features.bn1.weight, ...
    private readonly Conv2d head;                // state_dict key: head.weight

    public DcGanDiscriminator(DcGanOptions options) : base(nameof(DcGanDiscriminator))
    {
        Options = options.Validate();
        features = DcGanStacks.DiscriminatorFeatures(options, options.Channels);
        head = DcGanStacks.DiscriminatorHead(options);
        RegisterComponents();
        DcGanInit.Apply(this);
    }

    public DcGanOptions Options { get; }

    public override Tensor forward(Tensor image) => head.call(features.call(image)).reshape(image.shape[0]);

    /// <summary>f(x): the activations before the head (the penultimate layer), flattened to [N, n_d]; f-AnoGAN's
    /// feature residual and AnoGAN's discrimination loss compare images here.</summary>
    public Tensor Features(Tensor image) => features.call(image).flatten(1);
}
