using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TidyGan.Nn;

/// <summary>
/// DC-GAN weight initialisation (paper §4; pytorch/examples <c>weights_init</c>): every convolution and
/// transposed convolution N(0, 0.02); BatchNorm weight N(1, 0.02), bias 0. Other modules keep their defaults.
/// </summary>
public static class DcGanInit
{
    public const double Std = 0.02;

    /// <summary>Initialises <paramref name="module"/> and all its submodules in place; returns it.</summary>
    public static T Apply<T>(T module) where T : nn.Module
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight, 0.0, Std);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case ConvTranspose2d deconv:
                    nn.init.normal_(deconv.weight, 0.0, Std);
                    if (deconv.bias is not null) nn.init.zeros_(deconv.bias);
                    break;
                case BatchNorm2d bn:
                    if (bn.weight is not null) nn.init.normal_(bn.weight, 1.0, Std);
                    if (bn.bias is not null) nn.init.zeros_(bn.bias);
                    break;
                case GroupNorm ln:                            // the WGAN-GP critic's layer norm: identity affine
                    if (ln.weight is not null) nn.init.ones_(ln.weight);
                    if (ln.bias is not null) nn.init.zeros_(ln.bias);
                    break;
            }
        }
        return module;
    }
}
