using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// Conditional DC-GAN generator: (z [N, LatentDim], labels int64 [N]) → image [N, C, S, S] in (−1, 1).
/// The label's learned embedding is concatenated to z before the first transposed convolution
/// (Mirza &amp; Osindero 2014); the rest is the DC-GAN generator.
/// </summary>
public sealed class ConditionalGenerator : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embed;            // state_dict key: embed.weight  [ClassCount, EmbeddingDim]
    private readonly Sequential main;            // main.conv0.weight: [LatentDim + EmbeddingDim, ...]

    public ConditionalGenerator(ConditionalGanOptions options) : base(nameof(ConditionalGenerator))
    {
        Options = options.Validate();
        embed = Embedding(options.ClassCount, options.EmbeddingDim);
        main = DcGanStacks.Generator(options.Base, options.Base.LatentDim + options.EmbeddingDim);
        RegisterComponents();
        DcGanInit.Apply(this);
    }

    public ConditionalGanOptions Options { get; }

    public override Tensor forward(Tensor z, Tensor labels)
    {
        var n = z.shape[0];
        var input = cat(new[] { z.reshape(n, -1), embed.call(labels) }, 1);
        // state size: (LatentDim + EmbeddingDim) x 1 x 1
        return main.call(input.reshape(n, -1, 1, 1));
    }

    /// <summary>
    /// Draws <paramref name="perClass"/> images of every class without building a graph: labels
    /// [0,…,0, 1,…,1, …] (class-major, ready for a grid with one row per class) and the images.
    /// The caller chooses train/eval mode (BatchNorm statistics).
    /// </summary>
    public (Tensor Images, Tensor Labels) SampleByClass(int perClass, Device? device = null, Generator? generator = null)
    {
        using var noGrad = no_grad();
        var labels = arange(Options.ClassCount, dtype: ScalarType.Int64, device: device).repeat_interleave(perClass);
        var z = randn(new[] { labels.shape[0], (long)Options.Base.LatentDim }, device: device, generator: generator);
        return (forward(z, labels), labels);
    }
}
