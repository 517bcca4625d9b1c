using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace TidyGan.Losses;

/// <summary>
/// One row of Nowozin, Cseke &amp; Tomioka 2016 ("f-GAN"), Tables 1 and 2: the generator function f of
/// D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx, its Fenchel conjugate f*(t) = sup_u {ut − f(u)}, and the output
/// activation g_f that maps the critic's unbounded output v into dom f*, so that T(x) = g_f(V(x)).
/// The variational bound is D_f(P‖Q) ≥ E_P[T(x)] − E_Q[f*(T(x))], tight at T*(x) = f'(p(x)/q(x)).
/// The scalar functions (double) are for quadrature and tests; the tensor ones are what the loss uses.
/// </summary>
public sealed class FDivergence
{
    private readonly Func<double, double> f;
    private readonly Func<double, double> derivative;
    private readonly Func<Tensor, Tensor> activation;
    private readonly Func<Tensor, Tensor> conjugate;
    private readonly Func<Tensor, Tensor> conjugateOfActivation;

    private FDivergence(string cliName, string name, AdversarialLossKind kind, Func<double, double> f, Func<double, double> derivative,
        double recessionSlope, Func<Tensor, Tensor> activation, Func<Tensor, Tensor> conjugate, Func<Tensor, Tensor> conjugateOfActivation,
        string conjugateDomain)
    {
        CliName = cliName;
        Name = name;
        Kind = kind;
        this.f = f;
        this.derivative = derivative;
        RecessionSlope = recessionSlope;
        this.activation = activation;
        this.conjugate = conjugate;
        this.conjugateOfActivation = conjugateOfActivation;
        ConjugateDomain = conjugateDomain;
    }

    /// <summary>Short name after "f:" on the command line (kl, rkl, pearson, hellinger, js, gan).</summary>
    public string CliName { get; }

    /// <summary>The paper's name.</summary>
    public string Name { get; }

    public AdversarialLossKind Kind { get; }

    /// <summary>dom f*, as the paper's Table 2 states it (where T must live).</summary>
    public string ConjugateDomain { get; }

    /// <summary>lim_{u→∞} f(u)/u: what q·f(p/q) tends to, divided by p, where q vanishes and p does not.</summary>
    public double RecessionSlope { get; }

    /// <summary>The generator function f(u), u = p/q ≥ 0.</summary>
    public double F(double u) => f(u);

    /// <summary>f'(u): the optimal critic is T*(x) = f'(p(x)/q(x)).</summary>
    public double Derivative(double u) => derivative(u);

    /// <summary>The output activation g_f(v): critic output v ∈ ℝ → T ∈ dom f*.</summary>
    public Tensor Activation(Tensor v) => activation(v);

    /// <summary>The Fenchel conjugate f*(t), written as in the paper (t must lie in dom f*).</summary>
    public Tensor Conjugate(Tensor t) => conjugate(t);

    /// <summary>f*(g_f(v)), simplified so that it stays finite wherever the composition is (e.g. JS: softplus(v) − log 2).</summary>
    public Tensor ConjugateOfActivation(Tensor v) => conjugateOfActivation(v);

    /// <summary>The integrand q·f(p/q) of D_f(P‖Q) at one point, with the limits at q = 0 handled.</summary>
    public double Integrand(double p, double q)
    {
        if (q > 0)
        {
            double u = p / q, value = q * f(u);
            if (double.IsFinite(value)) return value;
        }
        // q = 0 < p, or p/q so large that f(p/q) overflowed: q·f(p/q) → p·lim f(u)/u.
        return p == 0 ? 0 : p * RecessionSlope;
    }

    private const double Log2 = 0.69314718055994530942;

    /// <summary>Kullback–Leibler, KL(P‖Q) = ∫ p log(p/q): f(u) = u log u, g_f(v) = v, f*(t) = exp(t − 1).</summary>
    public static FDivergence KullbackLeibler { get; } = new("kl", "Kullback–Leibler", AdversarialLossKind.FKullbackLeibler,
        u => u == 0 ? 0 : u * Math.Log(u), u => 1 + Math.Log(u), double.PositiveInfinity,
        v => v, t => exp(t - 1), v => exp(v - 1), "ℝ");

    /// <summary>Reverse KL, KL(Q‖P) = ∫ q log(q/p): f(u) = −log u, g_f(v) = −exp(−v), f*(t) = −1 − log(−t).</summary>
    public static FDivergence ReverseKullbackLeibler { get; } = new("rkl", "Reverse KL", AdversarialLossKind.FReverseKullbackLeibler,
        u => -Math.Log(u), u => -1 / u, 0,
        v => -exp(-v), t => -1 - log(-t), v => v - 1, "ℝ₋");

    /// <summary>Pearson χ², ∫ (p − q)²/q: f(u) = (u − 1)², g_f(v) = v, f*(t) = t²/4 + t.</summary>
    public static FDivergence Pearson { get; } = new("pearson", "Pearson χ²", AdversarialLossKind.FPearson,
        u => (u - 1) * (u - 1), u => 2 * (u - 1), double.PositiveInfinity,
        v => v, t => 0.25 * t.square() + t, v => 0.25 * v.square() + v, "ℝ");

    /// <summary>Squared Hellinger, ∫ (√p − √q)²: f(u) = (√u − 1)², g_f(v) = 1 − exp(−v), f*(t) = t/(1 − t).</summary>
    public static FDivergence SquaredHellinger { get; } = new("hellinger", "Squared Hellinger", AdversarialLossKind.FSquaredHellinger,
        u => (Math.Sqrt(u) - 1) * (Math.Sqrt(u) - 1), u => 1 - 1 / Math.Sqrt(u), 1,
        v => 1 - exp(-v), t => t / (1 - t), v => exp(v) - 1, "t < 1");

    /// <summary>
    /// Jensen–Shannon as the paper's f: f(u) = −(u + 1) log((1 + u)/2) + u log u, which gives
    /// ∫ p log(2p/(p+q)) + q log(2q/(p+q)) = 2·JSD(P‖Q) (the JSD in nats; at most 2 log 2).
    /// g_f(v) = log 2 − log(1 + exp(−v)), f*(t) = −log(2 − exp(t)).
    /// </summary>
    public static FDivergence JensenShannon { get; } = new("js", "Jensen–Shannon", AdversarialLossKind.FJensenShannon,
        u => (u == 0 ? 0 : u * Math.Log(2 * u / (1 + u))) - Math.Log((1 + u) / 2),   // the same f, rearranged so large u gives no ∞ − ∞
        u => Math.Log(2 * u / (1 + u)), Log2,
        v => Log2 - softplus(-v), t => -log(2 - exp(t)), v => softplus(v) - Log2, "t < log 2");

    /// <summary>
    /// The GAN divergence, 2·JSD(P‖Q) − log 4: f(u) = u log u − (u + 1) log(u + 1),
    /// g_f(v) = −log(1 + exp(−v)) = log D with D = σ(v), f*(t) = −log(1 − exp(t)). Its bound is Goodfellow 2014's value function.
    /// </summary>
    public static FDivergence Gan { get; } = new("gan", "GAN", AdversarialLossKind.FGan,
        u => (u == 0 ? 0 : -u * Math.Log(1 + 1 / u)) - Math.Log(1 + u),   // u log u − (u + 1) log(u + 1), rearranged likewise
        u => Math.Log(u / (1 + u)), 0,
        v => -softplus(-v), t => -log(1 - exp(t)), v => softplus(v), "ℝ₋");

    /// <summary>The table, in the paper's order.</summary>
    public static IReadOnlyList<FDivergence> All { get; } =
        new[] { KullbackLeibler, ReverseKullbackLeibler, Pearson, SquaredHellinger, JensenShannon, Gan };

    /// <summary>The divergence of an f-GAN loss kind, or null for the other losses.</summary>
    public static FDivergence? ForKind(AdversarialLossKind kind) => All.FirstOrDefault(d => d.Kind == kind);

    /// <summary>Parses "kl", "f:kl", ... (case-insensitive); throws listing the valid names.</summary>
    public static FDivergence Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("f:", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        return All.FirstOrDefault(d => string.Equals(d.CliName, t, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown f-divergence '{text}'. Use one of: {string.Join(", ", All.Select(d => d.CliName))}.", nameof(text));
    }

    public override string ToString() => Name;
}
