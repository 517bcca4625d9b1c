using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>The reference's --norm: instance (Cycle-GAN's default) or batch (pix2pix's default).</summary>
public enum NormKind { Instance, Batch }

/// <summary>Building blocks and initialisation shared by the Cycle-GAN and pix2pix networks.</summary>
public static class CycleLayers
{
    /// <summary>The reference's --norm instance: no learned scale/shift, no running statistics (train = eval).</summary>
    public static Module<Tensor, Tensor> Norm(int features) => InstanceNorm2d(features, affine: false, track_running_stats: false);

    /// <summary>--norm batch: learned scale/shift and running statistics (get_norm_layer's BatchNorm2d(affine=True)).</summary>
    public static Module<Tensor, Tensor> Norm(int features, NormKind kind) => kind == NormKind.Batch ? BatchNorm2d(features) : Norm(features);

    /// <summary>The reference's use_bias: a conv followed by batch norm drops its bias (the norm's shift replaces it).</summary>
    public static bool ConvBias(NormKind kind) => kind == NormKind.Instance;

    /// <summary>The reference's init_weights('normal', 0.02): conv weights N(0, 0.02), biases 0.</summary>
    public static T Initialise<T>(T module) where T : nn.Module => DcGanInit.Apply(module);
}
