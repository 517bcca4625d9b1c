using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// The Cycle-GAN ResNet generator (Johnson 2016): c7s1-w, d2w, d4w, n × R4w, u2w, uw, c7s1-C, tanh. Layer
/// indices follow the reference's nn.Sequential, so state_dict keys match its checkpoints (model.1.weight,
/// model.10.conv_block.1.weight, ...; resnet_9blocks with 3 channels has 11.378 M parameters).
/// </summary>
public sealed class ResnetGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential model;

    public ResnetGenerator(CycleGanOptions options) : base(nameof(ResnetGenerator))
    {
        options.Validate();
        int w = options.GeneratorWidth, c = options.Channels;
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("pad", ReflectionPad2d(3)),
            ("conv", Conv2d(c, w, 7)),                                        // state size: w × S × S
            ("norm", CycleLayers.Norm(w)), ("relu", ReLU(inplace: true)),
            ("conv", Conv2d(w, 2 * w, 3, stride: 2, padding: 1)),                         // 2w × S/2 × S/2
            ("norm", CycleLayers.Norm(2 * w)), ("relu", ReLU(inplace: true)),
            ("conv", Conv2d(2 * w, 4 * w, 3, stride: 2, padding: 1)),                     // 4w × S/4 × S/4
            ("norm", CycleLayers.Norm(4 * w)), ("relu", ReLU(inplace: true)),
        };
        for (int i = 0; i < options.ResidualBlocks; i++) layers.Add(("block", new ResnetBlock(4 * w)));   // 4w × S/4 × S/4
        layers.AddRange(
        [
            ("up", ConvTranspose2d(4 * w, 2 * w, 3, stride: 2, padding: 1, output_padding: 1)),   // 2w × S/2 × S/2
            ("norm", CycleLayers.Norm(2 * w)), ("relu", ReLU(inplace: true)),
            ("up", ConvTranspose2d(2 * w, w, 3, stride: 2, padding: 1, output_padding: 1)),       // w × S × S
            ("norm", CycleLayers.Norm(w)), ("relu", ReLU(inplace: true)),
            ("pad", ReflectionPad2d(3)),
            ("conv", Conv2d(w, c, 7)),                                                // C × S × S
            ("tanh", Tanh()),
        ]);
        // Named by position, as PyTorch's nn.Sequential(*layers) does.
        model = Sequential(layers.Select((l, i) => ($"{i}", l.Item2)).ToArray());
        RegisterComponents();
        CycleLayers.Initialise(this);
    }

    public override Tensor forward(Tensor image) => model.call(image);
}
