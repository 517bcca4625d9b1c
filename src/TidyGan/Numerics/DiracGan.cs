using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// The Dirac-GAN of Mescheder, Geiger and Nowozin (2018, "Which training methods for GANs do actually
/// converge?", Definition 2.1): the generator is a point mass δ_θ, the discriminator is linear,
/// D_ψ(x) = ψ·x, and the real data are a point mass at 0. The GAN objective becomes
/// V(θ, ψ) = f(ψθ) + f(0) with f(t) = −log(1 + e^(−t)) (the standard GAN), which θ minimises and ψ
/// maximises. Equilibrium (θ, ψ) = (0, 0); the Jacobian there is [[0, −f′(0)], [f′(0), 0]] with
/// f′(0) = ½, eigenvalues ±i/2: like the bilinear game, no real part to pull the iterates in.
/// </summary>
public sealed class DiracGan : IGame
{
    public string Name => "dirac";

    public string Formula => "V(θ, ψ) = f(ψθ) + f(0), f(t) = −log(1 + e^(−t))";

    public string XName => "θ (generator)";

    public string YName => "ψ (discriminator)";

    public int XDimension => 1;

    public int YDimension => 1;

    /// <summary>f(t) = −log(1 + e^(−t)) = −softplus(−t), written with softplus so large |t| neither over- nor underflows.</summary>
    public static Tensor F(Tensor t) => -nn.functional.softplus(-t);

    public Tensor Value(Tensor x, Tensor y) => F((y * x).sum()) - Math.Log(2.0);   // f(0) = −log 2

    public double[] Equilibrium => [0.0, 0.0];
}
