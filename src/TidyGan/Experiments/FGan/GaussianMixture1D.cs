using static TorchSharp.torch;

namespace TidyGan.Experiments.FGan;

/// <summary>A 1-D mixture of Gaussians, the target P of the f-GAN fit: sampled for training, evaluated for quadrature.</summary>
public sealed record GaussianMixture1D(IReadOnlyList<(double Weight, double Mean, double StdDev)> Components)
{
    /// <summary>½N(−2, 0.5²) + ½N(2, 0.5²): two well-separated modes, the textbook case for KL vs reverse KL.</summary>
    public static GaussianMixture1D Bimodal { get; } = new(new[] { (0.5, -2.0, 0.5), (0.5, 2.0, 0.5) });

    /// <summary>Parses a --target name (only "bimodal" so far).</summary>
    public static GaussianMixture1D Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bimodal" => Bimodal,
        _ => throw new ArgumentException($"--target '{name}': unknown target; use bimodal (½N(−2, 0.5²) + ½N(2, 0.5²))"),
    };

    public double Density(double x) =>
        Components.Sum(c => c.Weight * Math.Exp(-0.5 * Square((x - c.Mean) / c.StdDev)) / (c.StdDev * Math.Sqrt(2 * Math.PI)));

    public double Mean => Components.Sum(c => c.Weight * c.Mean);

    /// <summary>The mixture's variance (within-component plus between-component).</summary>
    public double Variance => Components.Sum(c => c.Weight * (c.StdDev * c.StdDev + Square(c.Mean - Mean)));

    /// <summary><paramref name="count"/> samples as a [count, 1] float tensor.</summary>
    public Tensor Sample(int count, Generator random)
    {
        var weights = tensor(Components.Select(c => (float)c.Weight).ToArray());
        var pick = multinomial(weights, count, replacement: true, generator: random);
        var means = tensor(Components.Select(c => (float)c.Mean).ToArray()).index_select(0, pick);
        var sds = tensor(Components.Select(c => (float)c.StdDev).ToArray()).index_select(0, pick);
        return (means + sds * randn(count, generator: random)).unsqueeze(1);
    }

    public override string ToString() =>
        string.Join(" + ", Components.Select(c => $"{c.Weight:0.##}·N({c.Mean:0.##}, {c.StdDev:0.##}²)"));

    private static double Square(double v) => v * v;
}
