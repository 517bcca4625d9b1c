using TidyGan.Losses;
using static TorchSharp.torch;

namespace TidyGan.Tests.Losses;

public class GeneratorGradientTests
{
    private static readonly double[] D = { 1e-4, 0.01, 0.2, 0.5, 0.8, 0.99 };

    [Fact]
    public void MinimaxSaturatesWhereTheDiscriminatorRejectsTheFakes()
    {
        // L = log(1 − σ(l)) ⇒ ∂L/∂l = −σ(l) = −D; L = −log σ(l) ⇒ ∂L/∂l = σ(l) − 1 = −(1 − D).
        var minimax = GeneratorGradient.WithRespectToLogit(AdversarialLoss.Create("minimax"), D);
        var ns = GeneratorGradient.WithRespectToLogit(AdversarialLoss.Create("ns"), D);
        for (int i = 0; i < D.Length; i++)
        {
            Assert.Equal(-D[i], minimax[i], 1e-9);
            Assert.Equal(-(1 - D[i]), ns[i], 1e-9);
        }
        Assert.True(Math.Abs(ns[0]) / Math.Abs(minimax[0]) > 9000);   // at D = 1e-4: ~10⁴ times more signal
        Assert.True(minimax.All(g => g < 0) && ns.All(g => g < 0));    // both push l up (make D(G(z)) larger)
    }

    [Theory]
    [InlineData("minimax")]
    [InlineData("ns")]
    [InlineData("f:kl")]
    [InlineData("f:rkl")]
    [InlineData("f:hellinger")]
    public void AutogradAgreesWithFiniteDifferencesOfTheLoss(string name)
    {
        var loss = AdversarialLoss.Create(name);
        var gradient = GeneratorGradient.WithRespectToLogit(loss, D);
        const double h = 1e-6;
        for (int i = 0; i < D.Length; i++)
        {
            double l = Math.Log(D[i] / (1 - D[i]));
            double Value(double x) => loss.Generator(tensor(new[] { x }, dtype: float64)).item<double>();
            double numeric = (Value(l + h) - Value(l - h)) / (2 * h);
            Assert.Equal(numeric, gradient[i], 1e-5 * Math.Max(1, Math.Abs(numeric)));
        }
    }

    [Fact]
    public void RejectsProbabilitiesOutsideTheOpenInterval() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneratorGradient.WithRespectToLogit(AdversarialLoss.Create("ns"), new[] { 0.0 }));
}
