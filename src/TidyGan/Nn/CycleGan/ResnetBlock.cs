using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>
/// x + F(x) with F = pad, 3×3 conv, instance norm, ReLU, pad, 3×3 conv, instance norm (Johnson 2016; no ReLU
/// after the sum). Reflection padding keeps the borders free of the artefacts zero padding leaves.
/// </summary>
public sealed class ResnetBlock : Module<Tensor, Tensor>
{
    private readonly Sequential conv_block;      // state_dict keys: conv_block.1.weight, conv_block.5.weight (as the reference)

    public ResnetBlock(int dim) : base(nameof(ResnetBlock))
    {
        conv_block = Sequential(
            ("0", ReflectionPad2d(1)),
            ("1", Conv2d(dim, dim, 3)),   // bias on: instance norm has no affine part to absorb it
            ("2", CycleLayers.Norm(dim)),
            ("3", ReLU(inplace: true)),
            ("4", ReflectionPad2d(1)),
            ("5", Conv2d(dim, dim, 3)),
            ("6", CycleLayers.Norm(dim)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x + conv_block.call(x);
}
