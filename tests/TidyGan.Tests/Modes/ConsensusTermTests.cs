using TidyGan.Losses;
using static TorchSharp.torch;

namespace TidyGan.Tests.Modes;

/// <summary>Consensus optimisation's regularised gradients against hand-derived values.</summary>
public class ConsensusTermTests
{
    [Fact]
    public void BilinearGameGivesTheAnalyticTerm()
    {
        // L_D = θφ, L_G = −θφ: v = (θ, −φ), L = ½(θ² + φ²), so D descends θ + γφ and G descends −φ + γθ.
        using var phi = tensor(2.0).requires_grad_(true);
        using var theta = tensor(3.0).requires_grad_(true);
        var (d, g, half) = ConsensusTerm.Gradients(theta * phi, [phi], -(theta * phi), [theta], weight: 10);
        Assert.Equal(6.5, half.item<double>(), 10);
        Assert.Equal(3 + 10 * 2, d[0].item<double>(), 10);
        Assert.Equal(-2 + 10 * 3, g[0].item<double>(), 10);
    }

    [Fact]
    public void NonlinearGameUsesTheJacobianTransposeTimesV()
    {
        // L_D = φ²θ, L_G = φθ³: v = (2φθ, 3φθ²) = (12, 54) at φ = 2, θ = 3; L = ½‖v‖² = 1530;
        // ∂L/∂φ = 4φθ² + 9φθ⁴ = 1530, ∂L/∂θ = 4φ²θ + 18φ²θ³ = 1992.
        using var phi = tensor(2.0).requires_grad_(true);
        using var theta = tensor(3.0).requires_grad_(true);
        var (d, g, half) = ConsensusTerm.Gradients(phi * phi * theta, [phi], phi * theta.pow(3), [theta], weight: 0.5);
        Assert.Equal(1530, half.item<double>(), 8);
        Assert.Equal(12 + 0.5 * 1530, d[0].item<double>(), 8);
        Assert.Equal(54 + 0.5 * 1992, g[0].item<double>(), 8);
    }
}
