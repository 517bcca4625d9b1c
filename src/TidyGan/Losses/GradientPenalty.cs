using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// WGAN-GP's two-sided gradient penalty (Gulrajani et al. 2017, Algorithm 1):
/// λ·E[(‖∇_x̂ D(x̂)‖₂ − 1)²] at x̂ = εx + (1 − ε)x̃, ε ~ U[0, 1] per sample.
/// </summary>
public static class GradientPenalty
{
    /// <summary>The paper's λ.</summary>
    public const double DefaultWeight = 10.0;

    /// <summary>
    /// Computes the penalty with a graph (create_graph), so that it back-propagates into the critic's
    /// parameters. <paramref name="critic"/> maps a batch to one score per sample; for a conditional critic
    /// let the closure capture the labels: <c>x =&gt; discriminator.call(x, labels)</c>.
    /// <paramref name="fake"/> is detached: the penalty trains only the critic.
    /// </summary>
    public static Tensor Compute(
        Func<Tensor, Tensor> critic, Tensor real, Tensor fake, double weight = DefaultWeight, Generator? generator = null)
    {
        if (!real.shape.SequenceEqual(fake.shape))
            throw new ArgumentException($"real {Shape(real)} and fake {Shape(fake)} must have the same shape.", nameof(fake));
        var n = real.shape[0];
        var epsShape = new long[real.dim()];
        Array.Fill(epsShape, 1L);
        epsShape[0] = n;
        var eps = rand(epsShape, dtype: real.dtype, device: real.device, generator: generator);
        return Compute(critic, real, fake, eps, weight);
    }

    /// <summary>As above with given interpolation weights ε (shape broadcastable to <paramref name="real"/>).</summary>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor eps, double weight = DefaultWeight)
    {
        var n = real.shape[0];
        var interpolates = (eps * real.detach() + (1 - eps) * fake.detach()).requires_grad_(true);
        var scores = critic(interpolates);
        var gradients = autograd.grad(
            new[] { scores }, new[] { interpolates }, new[] { ones_like(scores) },
            retain_graph: true, create_graph: true)[0];
        var norms = gradients.reshape(n, -1).norm(1, keepdim: false, p: 2);
        return weight * (norms - 1).square().mean();
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
