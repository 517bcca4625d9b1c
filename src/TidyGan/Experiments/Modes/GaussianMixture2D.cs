using static TorchSharp.torch;

namespace TidyGan.Experiments.Modes;

/// <summary>
/// An equal-weight mixture of isotropic 2-D Gaussians: the mode-collapse benchmarks of VEEGAN
/// (Srivastava 2017) and PacGAN (Lin 2018). Means and σ are PacGAN's code
/// (fjxmlzn/PacGAN, synthetic_data_experiments/2DRing_GAN&amp;PacGAN/config.py and 2DGrid_…/config.py);
/// docs/numerics.md §2 lists every parameter and its source.
/// </summary>
public sealed record GaussianMixture2D(string Name, IReadOnlyList<(double X, double Y)> Means, double StandardDeviation)
{
    /// <summary>Eight modes on the unit circle at angles 2πi/8, σ = 0.01.</summary>
    public static GaussianMixture2D Ring8 { get; } = new("ring8",
        Enumerable.Range(0, 8).Select(i => (Math.Cos(2 * Math.PI * i / 8), Math.Sin(2 * Math.PI * i / 8))).ToArray(), 0.01);

    /// <summary>25 modes on the grid {−4, −2, 0, 2, 4}², σ = 0.05.</summary>
    public static GaussianMixture2D Grid25 { get; } = new("grid25",
        (from i in Enumerable.Range(0, 5) from j in Enumerable.Range(0, 5) select (-4.0 + 2 * i, -4.0 + 2 * j)).ToArray(), 0.05);

    /// <summary>The CLI names: ring8 | grid25.</summary>
    public static IReadOnlyList<string> CliNames { get; } = ["ring8", "grid25"];

    public static GaussianMixture2D Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "ring8" => Ring8,
        "grid25" => Grid25,
        _ => throw new ArgumentException($"unknown mixture '{name}' for --data; use one of: {string.Join(", ", CliNames)}"),
    };

    public int ModeCount => Means.Count;

    /// <summary>The means as a float32 tensor [K, 2].</summary>
    public Tensor MeanTensor() => tensor(Means.SelectMany(m => new[] { (float)m.X, (float)m.Y }).ToArray(), [ModeCount, 2]);

    /// <summary><paramref name="count"/> points [count, 2]: a uniformly chosen mode plus σ·N(0, I).</summary>
    public Tensor Sample(int count, Generator random)
    {
        using var scope = NewDisposeScope();
        var modes = randint(ModeCount, [count], dtype: int64, generator: random);
        var points = MeanTensor().index_select(0, modes) + StandardDeviation * randn([count, 2], generator: random);
        return points.MoveToOuterDisposeScope();
    }
}
