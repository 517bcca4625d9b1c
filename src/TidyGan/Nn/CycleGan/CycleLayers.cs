using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TidyGan.Nn.CycleGan;

/// <summary>Building blocks and initialisation shared by the Cycle-GAN networks.</summary>
public static class CycleLayers
{
    /// <summary>The reference's --norm instance: no learned scale/shift, no running statistics (train = eval).</summary>
    public static Module<Tensor, Tensor> Norm(int features) => InstanceNorm2d(features, affine: false, track_running_stats: false);

    /// <summary>The reference's init_weights('normal', 0.02): conv weights N(0, 0.02), biases 0.</summary>
    public static T Initialise<T>(T module) where T : nn.Module => DcGanInit.Apply(module);
}
