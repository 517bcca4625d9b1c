using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn;

/// <summary>
/// DC-GAN generator: z [N, LatentDim] (or [N, LatentDim, 1, 1]) → image [N, C, S, S] in (−1, 1).
/// At 64 px this is exactly pytorch/examples' <c>Generator</c> (3,576,704 parameters for nc = 3).
/// </summary>
public sealed class DcGanGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential main;            // state_dict keys: main.conv0.weight, main.bn0.weight, ...

    public DcGanGenerator(DcGanOptions options) : base(nameof(DcGanGenerator))
    {
        Options = options.Validate();
        main = DcGanStacks.Generator(options, options.LatentDim);
        RegisterComponents();
        DcGanInit.Apply(this);
    }

    public DcGanOptions Options { get; }

    public override Tensor forward(Tensor z) => main.call(z.reshape(z.shape[0], -1, 1, 1));

    /// <summary>Draws z ~ N(0, I) of shape [count, LatentDim] on <paramref name="device"/>.</summary>
    public Tensor Noise(long count, Device? device = null, TorchSharp.torch.Generator? generator = null) =>
        randn(new[] { count, (long)Options.LatentDim }, device: device, generator: generator);
}
