using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// Cycle-GAN's reconstruction terms (Zhu 2017, eq. 2; Wolterink 2017 for MR/CT): mean absolute error between
/// an image and what came back, times its weight. Cycle: ‖F(G(a)) − a‖₁ (and ‖G(F(b)) − b‖₁), weight λ.
/// Identity: ‖G(b) − b‖₁ (and ‖F(a) − a‖₁), weight λ·λ_identity: a generator handed an image already of its
/// target domain should leave it alone, which keeps intensities (here: HU levels) from drifting.
/// </summary>
public static class CycleConsistency
{
    public static Tensor Cycle(Tensor reconstructed, Tensor original, double weight) =>
        (reconstructed - original).abs().mean() * weight;

    public static Tensor Identity(Tensor mapped, Tensor original, double weight) =>
        (mapped - original).abs().mean() * weight;
}
