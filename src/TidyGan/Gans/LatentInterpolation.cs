using static TorchSharp.torch;

namespace TidyGan.Gans;

/// <summary>
/// Paths between two latent codes (DC-GAN paper §6.1: walking the latent space). Linear paths cut
/// through the low-density centre of a high-dimensional Gaussian; spherical ones (White 2016) keep
/// the norm that samples of N(0, I) actually have.
/// </summary>
public static class LatentInterpolation
{
    /// <summary>(1 − t)·a + t·b for each t: [steps, D] from a and b of shape [D].</summary>
    public static Tensor Linear(Tensor a, Tensor b, int steps)
    {
        using var t = Fractions(steps, a);
        return (1 - t) * a.unsqueeze(0) + t * b.unsqueeze(0);
    }

    /// <summary>sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with Ω the angle between a and b; linear when they are (anti)parallel.</summary>
    public static Tensor Spherical(Tensor a, Tensor b, int steps)
    {
        using var scope = NewDisposeScope();
        var cosine = (a * b).sum() / (a.norm() * b.norm());
        double omega = Math.Acos(Math.Clamp(cosine.item<float>(), -1f, 1f));
        if (Math.Abs(Math.Sin(omega)) < 1e-6) return Linear(a, b, steps).MoveToOuterDisposeScope();
        var t = Fractions(steps, a);
        var wa = (1 - t).mul(omega).sin() / Math.Sin(omega);
        var wb = t.mul(omega).sin() / Math.Sin(omega);
        return (wa * a.unsqueeze(0) + wb * b.unsqueeze(0)).MoveToOuterDisposeScope();
    }

    private static Tensor Fractions(int steps, Tensor like)
    {
        if (steps < 2) throw new ArgumentException($"an interpolation needs at least 2 steps (got {steps})");
        return linspace(0, 1, steps, dtype: like.dtype, device: like.device).unsqueeze(1);
    }
}
