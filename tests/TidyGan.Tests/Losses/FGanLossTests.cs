using System.Globalization;
using TidyGan.Losses;
using TidyGan.Tests.Data;
using static TorchSharp.torch;

namespace TidyGan.Tests.Losses;

public class FGanLossTests
{
    public static TheoryData<string> Names => new() { "kl", "rkl", "pearson", "hellinger", "js", "gan" };

    private static readonly double[] Real = { -1.5, 0.25, 2.0, 3.0 };
    private static readonly double[] Fake = { -2.0, -0.5, 0.75, 1.25 };

    private static Tensor T(params double[] values) => tensor(values, dtype: float64);

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(Names))]
    public void LossesMatchNumpyOnFixedInputs(string name)
    {
        // numpy composes the paper's g_f and f* literally (Table 2); the library uses simplified f*(g_f(v)).
        const string Script = """
            import json, sys, numpy as np
            name = sys.argv[1]; r = np.array(json.loads(sys.argv[2])); f = np.array(json.loads(sys.argv[3]))
            g = {'kl': lambda v: v, 'rkl': lambda v: -np.exp(-v), 'pearson': lambda v: v, 'hellinger': lambda v: 1 - np.exp(-v),
                 'js': lambda v: np.log(2) - np.log1p(np.exp(-v)), 'gan': lambda v: -np.log1p(np.exp(-v))}[name]
            fs = {'kl': lambda t: np.exp(t - 1), 'rkl': lambda t: -1 - np.log(-t), 'pearson': lambda t: t * t / 4 + t,
                  'hellinger': lambda t: t / (1 - t), 'js': lambda t: -np.log(2 - np.exp(t)), 'gan': lambda t: -np.log(1 - np.exp(t))}[name]
            bound = g(r).mean() - fs(g(f)).mean()
            print(json.dumps({'d': -bound, 'g': -fs(g(f)).mean()}))
            """;
        var expected = Python.Json(Script, name, Json(Real), Json(Fake));
        var loss = (FGanLoss)AdversarialLoss.Create("f:" + name);
        Assert.Equal(expected.GetProperty("d").GetDouble(), loss.Discriminator(T(Real), T(Fake)).item<double>(), 10);
        Assert.Equal(expected.GetProperty("g").GetDouble(), loss.Generator(T(Fake)).item<double>(), 10);
        Assert.Equal(-expected.GetProperty("d").GetDouble(), loss.Bound(T(Real), T(Fake)).item<double>(), 10);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ConjugateSatisfiesFenchelYoung(string name)
    {
        var d = FDivergence.Parse(name);
        double[] us = { 0.05, 0.3, 1, 2.5, 8 };
        // Points of dom f*: the output activation's range, sampled.
        var ts = d.Activation(T(-4, -1.5, -0.3, 0, 0.4, 1.2, 3)).data<double>().ToArray();
        foreach (var u in us)
        {
            foreach (var t in ts)   // f(u) + f*(t) ≥ u·t everywhere (Fenchel–Young) ...
                Assert.True(d.F(u) + d.Conjugate(T(t)).item<double>() >= u * t - 1e-12, $"{name}: u={u}, t={t}");
            double tStar = d.Derivative(u);   // ... with equality at t = f'(u)
            Assert.Equal(u * tStar, d.F(u) + d.Conjugate(T(tStar)).item<double>(), 9);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SimplifiedConjugateOfActivationEqualsTheComposition(string name)
    {
        var d = FDivergence.Parse(name);
        var v = T(-5, -2, -0.5, 0, 0.5, 2, 5);
        var composed = d.Conjugate(d.Activation(v)).data<double>().ToArray();
        var simplified = d.ConjugateOfActivation(v).data<double>().ToArray();
        for (int i = 0; i < composed.Length; i++) Assert.Equal(composed[i], simplified[i], 9);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BoundEqualsTheDivergenceAtTheOptimalCritic(string name)
    {
        // Two discrete distributions on four points, as batches: point i appears 10·p_i times among the reals.
        double[] p = { 0.1, 0.2, 0.3, 0.4 }, q = { 0.4, 0.3, 0.2, 0.1 };
        var d = FDivergence.Parse(name);
        // v* = g_f⁻¹(T*), T* = f'(p/q); the inverses of the activations, derived by hand.
        Func<double, double> inverse = name switch
        {
            "kl" or "pearson" => t => t,
            "rkl" => t => -Math.Log(-t),
            "hellinger" => t => -Math.Log(1 - t),
            "js" => t => Logit(Math.Exp(t) / 2),
            "gan" => t => Logit(Math.Exp(t)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var vStar = p.Select((pi, i) => inverse(d.Derivative(pi / q[i]))).ToArray();
        var real = p.SelectMany((pi, i) => Enumerable.Repeat(vStar[i], (int)Math.Round(10 * pi))).ToArray();
        var fake = q.SelectMany((qi, i) => Enumerable.Repeat(vStar[i], (int)Math.Round(10 * qi))).ToArray();
        var bound = new FGanLoss(d).Bound(T(real), T(fake)).item<double>();

        // The divergences in their textbook forms (not through f).
        double Sum(Func<double, double, double> term) => p.Select((pi, i) => term(pi, q[i])).Sum();
        double js2 = Sum((a, b) => a * Math.Log(2 * a / (a + b)) + b * Math.Log(2 * b / (a + b)));
        double expected = name switch
        {
            "kl" => Sum((a, b) => a * Math.Log(a / b)),
            "rkl" => Sum((a, b) => b * Math.Log(b / a)),
            "pearson" => Sum((a, b) => (a - b) * (a - b) / b),
            "hellinger" => Sum((a, b) => (Math.Sqrt(a) - Math.Sqrt(b)) * (Math.Sqrt(a) - Math.Sqrt(b))),
            "js" => js2,
            "gan" => js2 - Math.Log(4),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal(expected, bound, 1e-6);

        // Any other critic gives less (a lower bound): shift every v* a little.
        var worse = new FGanLoss(d).Bound(T(real.Select(v => v + 0.3).ToArray()), T(fake.Select(v => v + 0.3).ToArray())).item<double>();
        Assert.True(worse < bound, $"{name}: perturbed critic {worse} ≥ optimum {bound}");
    }

    [Fact]
    public void FGanNamesParseAndRoundTrip()
    {
        foreach (var d in FDivergence.All)
        {
            var kind = AdversarialLossKinds.Parse("f:" + d.CliName);
            Assert.Equal(d.Kind, kind);
            Assert.Equal("f:" + d.CliName, kind.ToCliName());
            Assert.Same(d, Assert.IsType<FGanLoss>(AdversarialLoss.Create(kind)).Divergence);
        }
        Assert.Contains("f:hellinger", AdversarialLossKinds.CliNames);
        var error = Assert.Throws<ArgumentException>(() => AdversarialLossKinds.Parse("f:tv"));
        Assert.Contains("f:rkl", error.Message);
        Assert.Contains("kl, rkl", Assert.Throws<ArgumentException>(() => FDivergence.Parse("jeffrey")).Message);
    }

    [Fact]
    public void GanDivergenceIsTheMinimaxGame()
    {
        // f:gan's saddle objective is Goodfellow's value function: same D loss as minimax, same G loss.
        var fgan = AdversarialLoss.Create("f:gan");
        var minimax = AdversarialLoss.Create("minimax");
        Assert.Equal(minimax.Discriminator(T(Real), T(Fake)).item<double>(), fgan.Discriminator(T(Real), T(Fake)).item<double>(), 10);
        Assert.Equal(minimax.Generator(T(Fake)).item<double>(), fgan.Generator(T(Fake)).item<double>(), 10);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static string Json(double[] values) => "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
