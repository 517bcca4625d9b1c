using static TorchSharp.torch;

namespace TidyGan.Nn.Segmentation;

/// <summary>
/// Ganin and Lempitsky 2015's gradient-reversal layer: identity in the forward pass, gradient × (−λ) in the
/// backward pass. Written as x.detach() + (x − x.detach())·(−λ): the forward value is exactly x (the second
/// term is 0) while only the second term carries a gradient, scaled by −λ. One backward pass then trains the
/// discriminator to separate the domains and the segmenter, through the reversal, to confuse it.
/// </summary>
public static class GradientReversal
{
    public static Tensor Apply(Tensor x, double lambda)
    {
        var frozen = x.detach();
        return frozen + (x - frozen).mul(-lambda);
    }
}
