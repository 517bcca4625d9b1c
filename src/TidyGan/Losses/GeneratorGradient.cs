using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// The generator's learning signal at the discriminator's output: ∂L_G/∂l for one fake with logit l, as a
/// function of D(G(z)) = σ(l). Computed by autograd through the loss class itself, so the curve is the code's,
/// not a formula typed a second time. Everything upstream (∂l/∂θ_G) is multiplied by this factor.
/// </summary>
public static class GeneratorGradient
{
    /// <summary>∂L_G/∂l at l = log(D/(1 − D)) for each D in (0, 1), in float64.</summary>
    public static double[] WithRespectToLogit(AdversarialLoss loss, IReadOnlyList<double> discriminatorOutputs)
    {
        var result = new double[discriminatorOutputs.Count];
        for (int i = 0; i < result.Length; i++)
        {
            double d = discriminatorOutputs[i];
            if (!(d > 0 && d < 1)) throw new ArgumentOutOfRangeException(nameof(discriminatorOutputs), d, "D(G(z)) must lie in (0, 1)");
            using var scope = NewDisposeScope();
            var logit = tensor(new[] { Math.Log(d / (1 - d)) }, dtype: float64).requires_grad_(true);
            var gradient = autograd.grad(new[] { loss.Generator(logit) }, new[] { logit })[0];
            result[i] = gradient.item<double>();
        }
        return result;
    }
}
