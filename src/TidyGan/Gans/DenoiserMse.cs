using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// The voxel-wise arm: RED-CNN (Chen et al. 2017) trained on MSE(G(x), y) alone, the loss that maximises PSNR and, by
/// Wolterink 2017's and ldct-benchmark's findings, the arm with the highest PSNR and the smoothest (least noise-like) texture.
/// There is no discriminator (an empty module keeps the checkpoint layout).
/// </summary>
public sealed class DenoiserMse(DenoiserConfig config) : Denoiser(config)
{
    private readonly nn.Module none = nn.Identity();

    public override nn.Module Discriminator => none;

    protected override NamedOptimizer[] CreateOptimizers() => [NamedOptimizer.Adam("generator", Generator, settings.Adam)];

    public override StepLosses Step(StepContext context)
    {
        var optimizer = Optimizers[0].Optimizer;
        var (x, y) = PairedBatch.Split(context.Batch());
        optimizer.zero_grad();
        var mse = nn.functional.mse_loss(RedCnn.call(x), y);
        mse.backward();
        optimizer.step();
        return new StepLosses(null, mse, ("loss/mse", mse.detach()));
    }
}
