using static TorchSharp.torch;

namespace TidyGan.Losses;

/// <summary>
/// Consensus optimisation (Mescheder, Nowozin &amp; Geiger 2017, "The Numerics of GANs"): with the game's
/// vector field v = (∇_φ L_D, ∇_θ L_G), each player descends its own loss plus γ·L where L = ½‖v‖².
/// ∇L = Jᵀv is found by double back-propagation (autograd with create_graph), not by hand.
/// </summary>
public static class ConsensusTerm
{
    /// <summary>The paper's γ for the mixture-of-Gaussians experiment.</summary>
    public const double DefaultWeight = 10.0;

    /// <summary>
    /// The regularised gradients for D's parameters φ and G's parameters θ: ∇_φ L_D + γ∇_φ L and
    /// ∇_θ L_G + γ∇_θ L (detached), and L = ½‖v‖² itself.
    /// </summary>
    public static (Tensor[] Discriminator, Tensor[] Generator, Tensor HalfSquaredNorm) Gradients(
        Tensor discriminatorLoss, IReadOnlyList<Tensor> discriminatorParameters,
        Tensor generatorLoss, IReadOnlyList<Tensor> generatorParameters, double weight = DefaultWeight)
    {
        var vD = autograd.grad([discriminatorLoss], discriminatorParameters.ToList(), retain_graph: true, create_graph: true, allow_unused: true);
        var vG = autograd.grad([generatorLoss], generatorParameters.ToList(), retain_graph: true, create_graph: true, allow_unused: true);
        vD = Fill(vD, discriminatorParameters);
        vG = Fill(vG, generatorParameters);
        var halfSquaredNorm = 0.5 * vD.Concat(vG).Select(g => g.square().sum()).Aggregate((a, b) => a + b);
        var all = discriminatorParameters.Concat(generatorParameters).ToList();
        var regularizer = Fill(autograd.grad([halfSquaredNorm], all, retain_graph: true, allow_unused: true), all);
        var d = vD.Select((g, i) => (g + weight * regularizer[i]).detach()).ToArray();
        var gen = vG.Select((g, i) => (g + weight * regularizer[vD.Count + i]).detach()).ToArray();
        return (d, gen, halfSquaredNorm);
    }

    // A parameter the loss does not depend on has gradient 0 (autograd returns an undefined tensor).
    private static IList<Tensor> Fill(IList<Tensor> gradients, IReadOnlyList<Tensor> parameters) =>
        gradients.Select((g, i) => g is null || g.IsInvalid ? zeros_like(parameters[i]) : g).ToList();
}
