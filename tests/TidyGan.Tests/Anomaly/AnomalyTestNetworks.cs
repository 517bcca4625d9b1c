using TidyGan.Nn;
using static TorchSharp.torch;

namespace TidyGan.Tests.Anomaly;

/// <summary>A tiny WGAN-GP-shaped G and critic (16 px, z of 8, layer-norm critic) with seeded weights.</summary>
internal static class AnomalyTestNetworks
{
    public static DcGanOptions Options { get; } = new(ImageSize: 16, Channels: 1, LatentDim: 8, GeneratorWidth: 16, DiscriminatorWidth: 16,
        DiscriminatorNorm: DiscriminatorNorm.LayerNorm);

    public static (DcGanGenerator G, DcGanDiscriminator D) Create(int seed)
    {
        manual_seed(seed);
        var g = new DcGanGenerator(Options);
        var d = new DcGanDiscriminator(Options);
        // Wider weights than DC-GAN's N(0, 0.02) so G's images depend visibly on z (an untrained G at 0.02 is almost constant).
        using (no_grad())
            foreach (var p in g.parameters().Where(p => p.dim() == 4)) p.mul_(5);
        g.eval();
        d.eval();
        return (g, d);
    }
}
