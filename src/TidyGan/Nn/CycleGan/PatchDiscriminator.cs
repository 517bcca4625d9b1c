using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// PatchGAN (Isola 2017; the reference's NLayerDiscriminator): one real/fake score per overlapping patch. With 3
/// layers each output sees a 70×70 px patch of the input (256 px in → 30×30 scores); 3 channels in gives the
/// reference's 2.765 M parameters. Keys as the reference: model.0.weight, model.2.weight, ... . pix2pix's conditional
/// D reads (input, output) stacked: <c>inputChannels</c> = 2·C; with batch norm the convs before a norm drop their bias.
/// </summary>
public sealed class PatchDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential model;

    /// <param name="inputChannels">Channels of what D judges (default: the images' channels).</param>
    public PatchDiscriminator(CycleGanOptions options, int? inputChannels = null) : base(nameof(PatchDiscriminator))
    {
        options.Validate();
        int w = options.DiscriminatorWidth;
        var norm = options.Norm;
        bool bias = CycleLayers.ConvBias(norm);
        var layers = new List<Module<Tensor, Tensor>>
        {
            Conv2d(inputChannels ?? options.Channels, w, 4, stride: 2, padding: 1), LeakyReLU(0.2, inplace: true),   // w × S/2: no norm on the first layer
        };
        int multiplier = 1;
        for (int n = 1; n < options.DiscriminatorLayers; n++)
        {
            int previous = multiplier;
            multiplier = Math.Min(1 << n, 8);
            layers.AddRange([Conv2d(w * previous, w * multiplier, 4, stride: 2, padding: 1, bias: bias),        // w·2^n × S/2^(n+1)
                             CycleLayers.Norm(w * multiplier, norm), LeakyReLU(0.2, inplace: true)]);
        }
        int last = multiplier;
        multiplier = Math.Min(1 << options.DiscriminatorLayers, 8);
        layers.AddRange([Conv2d(w * last, w * multiplier, 4, stride: 1, padding: 1, bias: bias),               // size − 1
                         CycleLayers.Norm(w * multiplier, norm), LeakyReLU(0.2, inplace: true),
                         Conv2d(w * multiplier, 1, 4, stride: 1, padding: 1)]);                    // size − 2: one score per patch
        model = Sequential(layers.Select((l, i) => ($"{i}", l)).ToArray());
        RegisterComponents();
        CycleLayers.Initialise(this);
    }

    public override Tensor forward(Tensor image) => model.call(image);
}
