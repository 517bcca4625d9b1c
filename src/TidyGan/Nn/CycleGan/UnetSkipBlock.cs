using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// One level of the U-Net (Ronneberger 2015; the reference's UnetSkipConnectionBlock): down (LeakyReLU, 4×4
/// stride-2 conv, norm), the inner levels, up (ReLU, 4×4 stride-2 transposed conv, norm), and the skip that
/// concatenates this level's input to its output. Like the reference, the down-path LeakyReLU runs in place,
/// so the skip carries the activated input. With batch norm the convs before a norm drop their bias (use_bias);
/// with dropout a middle level ends in Dropout(0.5), after its up path, as pix2pix's generator.
/// </summary>
public sealed class UnetSkipBlock : Module<Tensor, Tensor>
{
    private readonly Sequential model;           // keys nest as the reference's: model.1.model.3.weight, ...
    private readonly bool outermost;

    public UnetSkipBlock(int outer, int inner, UnetSkipBlock? submodule, int? inputChannels = null, bool outermost = false,
        NormKind norm = NormKind.Instance, bool dropout = false)
        : base(nameof(UnetSkipBlock))
    {
        this.outermost = outermost;
        int input = inputChannels ?? outer;
        bool bias = CycleLayers.ConvBias(norm);
        var down = Conv2d(input, inner, 4, stride: 2, padding: 1, bias: bias);
        var layers = new List<Module<Tensor, Tensor>>();
        if (outermost)
            layers.AddRange([down, submodule!, ReLU(inplace: true), ConvTranspose2d(2 * inner, outer, 4, stride: 2, padding: 1), Tanh()]);
        else if (submodule is null)              // innermost: 1×1 bottleneck, no norm after its down conv
            layers.AddRange([LeakyReLU(0.2, inplace: true), down, ReLU(inplace: true),
                             ConvTranspose2d(inner, outer, 4, stride: 2, padding: 1, bias: bias), CycleLayers.Norm(outer, norm)]);
        else
        {
            layers.AddRange([LeakyReLU(0.2, inplace: true), down, CycleLayers.Norm(inner, norm), submodule,
                             ReLU(inplace: true), ConvTranspose2d(2 * inner, outer, 4, stride: 2, padding: 1, bias: bias), CycleLayers.Norm(outer, norm)]);
            if (dropout) layers.Add(Dropout(0.5));
        }
        model = Sequential(layers.Select((l, i) => ($"{i}", l)).ToArray());
        RegisterComponents();
    }

    /// <summary>Whether this is the outermost level (no skip around it; it maps the image to the output).</summary>
    public bool Outermost => outermost;

    public override Tensor forward(Tensor x)
    {
        if (outermost) return model.call(x);
        var skip = x;                            // read after model.call: the in-place LeakyReLU has activated it
        var inner = model.call(x);
        return cat([skip, inner], 1);
    }
}
