using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// Conditional DC-GAN discriminator: (image [N, C, S, S], labels int64 [N]) → one logit per image, [N].
/// <list type="bullet">
/// <item>Default (Mirza &amp; Osindero 2014): the one-hot label, broadcast to S×S, is concatenated to the
/// image as ClassCount extra input channels; the rest is the DC-GAN discriminator.</item>
/// <item><c>Projection = true</c> (Miyato &amp; Koyama 2018): logit = ψ(φ(x)) + ⟨embed(y), Σ_hw φ(x)⟩ where φ
/// is the DC-GAN feature stack, ψ its b×b head and Σ_hw sum-pooling over the last feature map.</item>
/// </list>
/// </summary>
public sealed class ConditionalDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential features;        // features.conv0.weight: [w, C (+ ClassCount), 4, 4]
    private readonly Conv2d head;                // head.weight: ψ
    private readonly Embedding? embed;           // projection only: embed.weight [ClassCount, w·2^(k−1)]

    public ConditionalDiscriminator(ConditionalGanOptions options) : base(nameof(ConditionalDiscriminator))
    {
        Options = options.Validate();
        var inputChannels = options.Base.Channels + (options.Projection ? 0 : options.ClassCount);
        features = DcGanStacks.DiscriminatorFeatures(options.Base, inputChannels);
        head = DcGanStacks.DiscriminatorHead(options.Base);
        if (options.Projection)
            embed = Embedding(options.ClassCount, DcGanStacks.DiscriminatorFeatureChannels(options.Base));
        RegisterComponents();
        DcGanInit.Apply(this);
        if (embed is not null)
        {
            using var noGrad = no_grad();
            init.normal_(embed.weight!, 0.0, DcGanInit.Std);   // small, like the convolutions
        }
    }

    public ConditionalGanOptions Options { get; }

    public override Tensor forward(Tensor image, Tensor labels)
    {
        var n = image.shape[0];
        if (embed is null)
        {
            long k = Options.ClassCount, h = image.shape[2], w = image.shape[3];
            var oneHot = functional.one_hot(labels, k).to(image.dtype).reshape(n, k, 1, 1).expand(n, k, h, w);
            // state size: (C + ClassCount) x S x S
            return head.call(features.call(cat(new[] { image, oneHot }, 1))).reshape(n);
        }

        var phi = features.call(image);                                    // state size: F x b x b
        var unconditional = head.call(phi).reshape(n);                     // ψ(φ(x))
        var pooled = phi.sum(new long[] { 2, 3 });                         // state size: F
        var projection = (embed.call(labels) * pooled).sum(1);             // ⟨embed(y), φ(x)⟩
        return unconditional + projection;
    }
}
