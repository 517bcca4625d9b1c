using System.Numerics;
using TidyGan.Numerics;

namespace TidyGan.Tests.Numerics;

/// <summary>The field, its Jacobian, eigenvalues and curl, all from autograd, against hand-derived values.</summary>
public class GameFieldTests
{
    private static double Sigmoid(double t) => 1 / (1 + Math.Exp(-t));

    // Dirac-GAN, f(t) = −log(1 + e^(−t)): f′(t) = σ(−t), f″(t) = −σ(t)σ(−t).
    private static double F1(double t) => Sigmoid(-t);

    private static double F2(double t) => -Sigmoid(t) * Sigmoid(-t);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-0.5, 3.0)]
    public void BilinearFieldIsMinusYX(double x, double y)
    {
        // v = (−∂V/∂x, ∂V/∂y) = (−y, x): the minimiser descends, the maximiser ascends.
        Assert.Equal([-y, x], GameField.Evaluate(new BilinearGame(), [x, y]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BilinearJacobianEigenvaluesArePlusMinusI(int dimension)
    {
        var analysis = EquilibriumAnalysis.At(new BilinearGame(dimension));
        Assert.Equal(2 * dimension, analysis.Eigenvalues.Length);
        Assert.All(analysis.Eigenvalues, e => Assert.Equal(0.0, e.Real, 12));
        Assert.All(analysis.Eigenvalues, e => Assert.Equal(1.0, Math.Abs(e.Imaginary), 12));
        Assert.Equal(dimension, analysis.Eigenvalues.Count(e => e.Imaginary > 0));     // ±i in conjugate pairs
    }

    [Fact]
    public void DiracGanEigenvaluesArePlusMinusHalfI()
    {
        // Mescheder 2018: J(0, 0) = [[0, −f′(0)], [f′(0), 0]], f′(0) = ½.
        var analysis = EquilibriumAnalysis.At(new DiracGan());
        Assert.Equal(0.0, analysis.Jacobian[0, 0], 12);
        Assert.Equal(-0.5, analysis.Jacobian[0, 1], 12);
        Assert.Equal(0.5, analysis.Jacobian[1, 0], 12);
        Assert.Equal(0.0, analysis.Jacobian[1, 1], 12);
        Assert.True(Complex.Abs(analysis.Eigenvalues[0] - new Complex(0, -0.5)) < 1e-12, $"{analysis.Eigenvalues[0]}");
        Assert.True(Complex.Abs(analysis.Eigenvalues[1] - new Complex(0, 0.5)) < 1e-12, $"{analysis.Eigenvalues[1]}");
        Assert.Equal(1.0, analysis.Curl!.Value, 12);
    }

    [Fact]
    public void QuadraticGameEigenvaluesHaveTheAnalyticNegativeRealPart()
    {
        const double a = 0.3, b = 0.1;
        var analysis = EquilibriumAnalysis.At(new QuadraticBilinearGame(a, b, [1.0], [-1.0]));
        Assert.Equal([1.0, -1.0], analysis.Equilibrium);
        // J = [[−a, −1], [1, −b]]: λ = −(a + b)/2 ± i√(1 − ((a − b)/2)²)
        double im = Math.Sqrt(1 - (a - b) * (a - b) / 4);
        Assert.Equal(-(a + b) / 2, analysis.Eigenvalues[0].Real, 12);
        Assert.Equal(-im, analysis.Eigenvalues[0].Imaginary, 12);
        Assert.Equal(im, analysis.Eigenvalues[1].Imaginary, 12);
        Assert.Equal([0.0, 0.0], GameField.Evaluate(new QuadraticBilinearGame(a, b, [1.0], [-1.0]), [1.0, -1.0]));   // the field vanishes there
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.5, -2.0)]
    [InlineData(-3.0, 0.25)]
    public void BilinearCurlIsTwoEverywhere(double x, double y)
    {
        // v = (−y, x): ∂v_y/∂x − ∂v_x/∂y = 1 − (−1) = 2.
        Assert.Equal(2.0, GameField.Curl(new BilinearGame(), [x, y]), 12);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, -0.5)]
    [InlineData(-1.5, 3.0)]
    public void DiracGanJacobianAndCurlMatchTheirClosedForms(double theta, double psi)
    {
        // v = (−ψf′(θψ), θf′(θψ)); with t = θψ:
        // J = [[−ψ²f″, −f′ − tf″], [f′ + tf″, θ²f″]], curl = 2(f′ + tf″).
        double t = theta * psi, f1 = F1(t), f2 = F2(t);
        var v = GameField.Evaluate(new DiracGan(), [theta, psi]);
        Assert.Equal(-psi * f1, v[0], 12);
        Assert.Equal(theta * f1, v[1], 12);
        var j = GameField.Jacobian(new DiracGan(), [theta, psi]);
        Assert.Equal(-psi * psi * f2, j[0, 0], 12);
        Assert.Equal(-f1 - t * f2, j[0, 1], 12);
        Assert.Equal(f1 + t * f2, j[1, 0], 12);
        Assert.Equal(theta * theta * f2, j[1, 1], 12);
        Assert.Equal(2 * (f1 + t * f2), GameField.Curl(new DiracGan(), [theta, psi]), 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ConsensusGradientIsTheAnalyticGradientOnTheBilinearGame(int dimension)
    {
        // ½‖v‖² = ½(‖x‖² + ‖y‖²), so ∇½‖v‖² = z exactly.
        var z = Enumerable.Range(0, 2 * dimension).Select(i => 0.3 * i - 1.1).ToArray();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (field, gradient) = ConsensusOptimization.FieldAndConsensusGradient(new BilinearGame(dimension), TorchSharp.torch.tensor(z, dtype: TorchSharp.torch.float64));
        var g = gradient.data<double>().ToArray();
        for (int i = 0; i < z.Length; i++) Assert.Equal(z[i], g[i], 12);
        Assert.Equal(GameField.Evaluate(new BilinearGame(dimension), z), field.data<double>().ToArray());
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.0, 0.5)]
    public void ConsensusGradientMatchesTheClosedFormOnTheDiracGan(double theta, double psi)
    {
        // ½‖v‖² = ½f′(t)²(θ² + ψ²): ∂/∂θ = f′f″ψ(θ² + ψ²) + f′²θ, ∂/∂ψ = f′f″θ(θ² + ψ²) + f′²ψ.
        double t = theta * psi, f1 = F1(t), f2 = F2(t), r2 = theta * theta + psi * psi;
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (_, gradient) = ConsensusOptimization.FieldAndConsensusGradient(new DiracGan(), TorchSharp.torch.tensor(new[] { theta, psi }));
        var g = gradient.data<double>().ToArray();
        Assert.Equal(f1 * f2 * psi * r2 + f1 * f1 * theta, g[0], 12);
        Assert.Equal(f1 * f2 * theta * r2 + f1 * f1 * psi, g[1], 12);
    }

    [Fact]
    public void RotationNormIsCurlOverRootTwoInThePlane()
    {
        var j = GameField.Jacobian(new DiracGan(), [0.4, 0.9]);
        Assert.Equal(Math.Abs(GameField.Curl(new DiracGan(), [0.4, 0.9])) / Math.Sqrt(2), GameField.RotationNorm(j), 12);
    }

    [Fact]
    public void CurlOfAGameWithMoreThanOneParameterPerPlayerIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => GameField.Curl(new BilinearGame(2), [0, 0, 0, 0]));
        Assert.Contains("planar", e.Message);
    }
}
