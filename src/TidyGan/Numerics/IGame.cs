using static TorchSharp.torch;

namespace TidyGan.Numerics;

/// <summary>
/// A two-player zero-sum game given by a value function V(x, y) of two small parameter vectors: the first
/// player (the generator, x) minimises V, the second (the discriminator, y) maximises it. Tensors are
/// float64 and one-dimensional; <see cref="Value"/> must be differentiable twice by autograd (the Jacobian
/// and consensus optimisation back-propagate through its gradient).
/// </summary>
public interface IGame
{
    /// <summary>The name used on the command line and in reports ("bilinear", "dirac", ...).</summary>
    string Name { get; }

    /// <summary>V(x, y) in words and symbols, for plot titles and tables.</summary>
    string Formula { get; }

    /// <summary>What the minimiser's parameter is called, for axis labels ("x", "θ (generator)").</summary>
    string XName { get; }

    /// <summary>What the maximiser's parameter is called ("y", "ψ (discriminator)").</summary>
    string YName { get; }

    /// <summary>Length of the minimising player's vector x.</summary>
    int XDimension { get; }

    /// <summary>Length of the maximising player's vector y.</summary>
    int YDimension { get; }

    /// <summary>V(x, y) as a scalar tensor.</summary>
    Tensor Value(Tensor x, Tensor y);

    /// <summary>The known equilibrium (x*, y*) as one joint vector z* = (x*, y*).</summary>
    double[] Equilibrium { get; }
}
