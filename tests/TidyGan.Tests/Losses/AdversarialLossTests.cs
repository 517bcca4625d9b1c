using TidyGan.Losses;
using static TorchSharp.torch;

namespace TidyGan.Tests.Losses;

public class AdversarialLossTests
{
    private static readonly double[] Real = { -1.5, 0.25, 2.0, 4.0 };
    private static readonly double[] Fake = { -3.0, -0.5, 0.75, 1.25 };

    // Independent reference formulas in doubles (not the library's code path).
    private static double Sigmoid(double l) => 1.0 / (1.0 + Math.Exp(-l));
    private static double Mean(double[] xs, Func<double, double> f) => xs.Select(f).Average();

    private static (double D, double G) Expected(AdversarialLossKind kind) => kind switch
    {
        AdversarialLossKind.NonSaturating => (
            -Mean(Real, l => Math.Log(Sigmoid(l))) - Mean(Fake, l => Math.Log(1 - Sigmoid(l))),
            -Mean(Fake, l => Math.Log(Sigmoid(l)))),
        AdversarialLossKind.Minimax => (
            -Mean(Real, l => Math.Log(Sigmoid(l))) - Mean(Fake, l => Math.Log(1 - Sigmoid(l))),
            Mean(Fake, l => Math.Log(1 - Sigmoid(l)))),
        AdversarialLossKind.LeastSquares => (
            0.5 * Mean(Real, l => (l - 1) * (l - 1)) + 0.5 * Mean(Fake, l => l * l),
            0.5 * Mean(Fake, l => (l - 1) * (l - 1))),
        AdversarialLossKind.Hinge => (
            Mean(Real, l => Math.Max(0, 1 - l)) + Mean(Fake, l => Math.Max(0, 1 + l)),
            -Mean(Fake, l => l)),
        AdversarialLossKind.WassersteinGp => (Mean(Fake, l => l) - Mean(Real, l => l), -Mean(Fake, l => l)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData(AdversarialLossKind.NonSaturating)]
    [InlineData(AdversarialLossKind.Minimax)]
    [InlineData(AdversarialLossKind.LeastSquares)]
    [InlineData(AdversarialLossKind.Hinge)]
    [InlineData(AdversarialLossKind.WassersteinGp)]
    public void LossesMatchTheirFormulas(AdversarialLossKind kind)
    {
        using var scope = NewDisposeScope();
        var loss = AdversarialLoss.Create(kind);
        Assert.Equal(kind, loss.Kind);
        var real = tensor(Real.Select(x => (float)x).ToArray());
        var fake = tensor(Fake.Select(x => (float)x).ToArray());
        var (d, g) = Expected(kind);
        var dLoss = loss.Discriminator(real, fake);
        var gLoss = loss.Generator(fake);
        Assert.Empty(dLoss.shape);
        Assert.Empty(gLoss.shape);
        Assert.Equal(d, dLoss.item<float>(), 5);
        Assert.Equal(g, gLoss.item<float>(), 5);
        Assert.Equal(kind == AdversarialLossKind.WassersteinGp, loss.NeedsGradientPenalty);
    }

    [Fact]
    public void CrossEntropyLossesStayFiniteForExtremeLogits()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { -200f, 200f });
        foreach (var kind in new[] { AdversarialLossKind.NonSaturating, AdversarialLossKind.Minimax })
        {
            var loss = AdversarialLoss.Create(kind);
            Assert.True(float.IsFinite(loss.Discriminator(logits, logits).item<float>()));
            Assert.True(float.IsFinite(loss.Generator(logits).item<float>()));
        }
        Assert.Equal(100f, AdversarialLoss.Create(AdversarialLossKind.NonSaturating).Generator(logits).item<float>(), 3);
    }

    [Theory]
    [InlineData("ns", AdversarialLossKind.NonSaturating)]
    [InlineData("minimax", AdversarialLossKind.Minimax)]
    [InlineData("lsgan", AdversarialLossKind.LeastSquares)]
    [InlineData("hinge", AdversarialLossKind.Hinge)]
    [InlineData("wgan-gp", AdversarialLossKind.WassersteinGp)]
    [InlineData("WGAN-GP", AdversarialLossKind.WassersteinGp)]
    [InlineData("NonSaturating", AdversarialLossKind.NonSaturating)]
    public void ParsesCliNames(string name, AdversarialLossKind kind)
    {
        Assert.Equal(kind, AdversarialLossKinds.Parse(name));
        Assert.Equal(kind, AdversarialLoss.Create(name).Kind);
        Assert.Equal(kind, AdversarialLossKinds.Parse(kind.ToCliName()));
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => AdversarialLossKinds.Parse("wgan"));
        Assert.Contains("ns, minimax, lsgan, hinge, wgan-gp", error.Message);
        Assert.False(AdversarialLossKinds.TryParse(null, out _));
    }

    // The "derivative of log x is 1/x" slide: when D confidently rejects the fakes, D(G(z)) = σ(−10) ≈ 4.5e-5.
    private static double GeneratorGradientAtLogit(AdversarialLossKind kind, double logit)
    {
        using var scope = NewDisposeScope();
        var l = tensor(new[] { logit }, dtype: ScalarType.Float64).requires_grad_(true);
        AdversarialLoss.Create(kind).Generator(l).backward();
        return l.grad!.item<double>();
    }

    private static double GeneratorGradientAtProbability(AdversarialLossKind kind, double p)
    {
        using var scope = NewDisposeScope();
        var prob = tensor(new[] { p }, dtype: ScalarType.Float64).requires_grad_(true);
        var logit = prob.log() - (1 - prob).log();
        AdversarialLoss.Create(kind).Generator(logit).backward();
        return prob.grad!.item<double>();
    }

    [Fact]
    public void SaturatingGeneratorGradientVanishesWhenTheDiscriminatorRejectsFakes()
    {
        var sigma = Sigmoid(-10);
        // d/dl log(1 − σ(l)) = −σ(l) ≈ −4.5e-5: nothing for G to learn from.
        var saturating = GeneratorGradientAtLogit(AdversarialLossKind.Minimax, -10);
        Assert.Equal(-sigma, saturating, 9);
        Assert.True(Math.Abs(saturating) < 1e-4);
        // d/dl −log σ(l) = −(1 − σ(l)) ≈ −1: a full-strength signal.
        var nonSaturating = GeneratorGradientAtLogit(AdversarialLossKind.NonSaturating, -10);
        Assert.Equal(-(1 - sigma), nonSaturating, 9);
        Assert.True(Math.Abs(nonSaturating) / Math.Abs(saturating) > 1e4);
    }

    [Fact]
    public void InProbabilityTheNonSaturatingGradientIsOneOverD()
    {
        var p = Sigmoid(-10);
        // d/dp log(1 − p) = −1/(1 − p) ≈ −1;  d/dp −log p = −1/p ≈ −22026.
        Assert.Equal(-1 / (1 - p), GeneratorGradientAtProbability(AdversarialLossKind.Minimax, p), 6);
        Assert.Equal(-1 / p, GeneratorGradientAtProbability(AdversarialLossKind.NonSaturating, p), 1e-6 / p);
        Assert.True(Math.Abs(GeneratorGradientAtProbability(AdversarialLossKind.NonSaturating, p)) > 2e4);
    }

    [Fact]
    public void BothGeneratorLossesAgreeInSignOfGradient()
    {
        // Both push D(G(z)) up: negative gradient with respect to the logit everywhere.
        foreach (var l in new[] { -10.0, -1, 0, 1, 10 })
        {
            Assert.True(GeneratorGradientAtLogit(AdversarialLossKind.Minimax, l) < 0);
            Assert.True(GeneratorGradientAtLogit(AdversarialLossKind.NonSaturating, l) < 0);
        }
    }
}
