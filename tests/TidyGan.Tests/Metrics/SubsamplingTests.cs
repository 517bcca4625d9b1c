using TidyGan.Metrics;
using TorchSharp;
using Xunit.Abstractions;

namespace TidyGan.Tests.Metrics;

/// <summary>
/// Coverage of the half-sampling intervals, measured by simulation: many independent replicate data sets,
/// an interval from each, and the fraction that contains the truth. A valid 95% interval covers in ≈ 95% of
/// replicates (± 1.5% Monte Carlo error at 200 replicates).
/// </summary>
public sealed class SubsamplingTests(ITestOutputHelper output)
{
    /// <summary>
    /// real ~ N(0, I₂), fake ~ N((0.5, 0), diag(1.2², 0.8²)): FD = ‖δ‖² + Σᵢ (1 + sᵢ² − 2sᵢ) = 0.25 + 0.04 + 0.04 = 0.33.
    /// Coverage is checked against E[FD_n] (the mean FD over the replicates: what the interval targets) and
    /// reported against the population FD (covered too when the O(1/n) bias is small beside the SE).
    /// </summary>
    [Theory]
    [Trait(Traits.Category, Traits.Slow)]                      // 200 replicates × 41 FDs: minutes on a busy 2-core machine
    [InlineData(100)]
    [InlineData(400)]
    public void FdIntervalCoversItsTargetInAbout95PercentOfReplicates(int n)
    {
        const int replicates = 200;
        const double population = 0.25 + 0.04 + 0.04;
        var full = new double[replicates];
        var intervals = new SubsamplingInterval[replicates];
        for (int r = 0; r < replicates; r++)
        {
            using var scope = torch.NewDisposeScope();
            var (real, fake) = GaussianPair(n, 2, seed: 1000 + r);
            double Fd(int[] ri, int[] fi)
            {
                using var step = torch.NewDisposeScope();
                return FrechetDistance.Compute(real.index_select(0, torch.tensor(ri)), fake.index_select(0, torch.tensor(fi)));
            }
            intervals[r] = Subsampling.ConfidenceInterval(Fd, n, n, subsets: 40, seed: r);
            full[r] = intervals[r].Value;
        }
        double expectation = full.Average();
        double coverExpectation = intervals.Count(i => i.Low <= expectation && expectation <= i.High) / (double)replicates;
        double coverPopulation = intervals.Count(i => i.Low <= population && population <= i.High) / (double)replicates;
        double sd = Math.Sqrt(full.Sum(v => (v - expectation) * (v - expectation)) / (replicates - 1));
        double meanSe = intervals.Average(i => i.StandardError);
        output.WriteLine($"n = {n}: E[FD_n] ≈ {expectation:0.0000} (population {population}), SD over replicates {sd:0.0000}, mean SE {meanSe:0.0000}; " +
                         $"coverage of E[FD_n] {coverExpectation:P1}, of the population FD {coverPopulation:P1}");
        Assert.InRange(coverExpectation, 0.88, 0.99);
        Assert.InRange(meanSe / sd, 0.8, 1.25);                // the SE estimates the real spread of FD_n
        Assert.InRange(coverPopulation, 0.80, 0.99);           // low-d: the bias (≈ 4/n) is small beside the SE
    }

    /// <summary>
    /// PRDC (k = 5) in 4-d between N(0, I) and N(0.3, I): no closed form, so the target is E[metric_n], the mean
    /// over the replicates.
    /// </summary>
    [Fact]
    [Trait(Traits.Category, Traits.Slow)]
    public void PrdcIntervalsCoverTheirExpectationInAbout95PercentOfReplicates()
    {
        const int replicates = 150, n = 200;
        var full = new double[replicates][];
        var intervals = new SubsamplingInterval[replicates][];
        for (int r = 0; r < replicates; r++)
        {
            using var scope = torch.NewDisposeScope();
            var generator = new torch.Generator((ulong)(5000 + r));
            var real = torch.randn([n, 4], torch.float64, generator: generator);
            var fake = torch.randn([n, 4], torch.float64, generator: generator) + 0.3;
            double[] Prdc(int[] ri, int[] fi)
            {
                using var step = torch.NewDisposeScope();
                var p = PrecisionRecallDensityCoverage.Compute(real.index_select(0, torch.tensor(ri)), fake.index_select(0, torch.tensor(fi)), k: 5);
                return [p.Precision, p.Recall, p.Density, p.Coverage];
            }
            intervals[r] = Subsampling.ConfidenceIntervals(Prdc, n, n, subsets: 30, seed: r);
            full[r] = intervals[r].Select(i => i.Value).ToArray();
        }
        string[] names = ["precision", "recall", "density", "coverage"];
        for (int j = 0; j < 4; j++)
        {
            double expectation = full.Average(v => v[j]);
            double cover = intervals.Count(i => i[j].Low <= expectation && expectation <= i[j].High) / (double)replicates;
            output.WriteLine($"{names[j]}: E ≈ {expectation:0.0000}, coverage {cover:P1}");
            Assert.InRange(cover, 0.86, 0.995);
        }
    }

    [Fact]
    public void ScalarIntervalMatchesTheTextbookStandardErrorOfAMeanDifference()
    {
        // θ = mean(real) − mean(fake) of uniforms; SE = √(1/12/n + 1/12/m), and half-sampling with factor 1 recovers it.
        var rng = new Random(7);
        var real = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble()).ToArray();
        var fake = Enumerable.Range(0, 1500).Select(_ => rng.NextDouble()).ToArray();
        double Metric(int[] r, int[] f) => r.Average(i => real[i]) - f.Average(i => fake[i]);
        var ci = Subsampling.ConfidenceInterval(Metric, real.Length, fake.Length, subsets: 400, seed: 1);
        double se = Math.Sqrt(1.0 / 12 / 2000 + 1.0 / 12 / 1500);
        Assert.Equal(real.Average() - fake.Average(), ci.Value, 1e-12);
        Assert.InRange(ci.StandardError / se, 0.88, 1.12);
        Assert.Equal(ci.Value - 1.959964 * ci.StandardError, ci.Low, 1e-6);
        Assert.Equal((1000, 750), (ci.SubsetReal, ci.SubsetFake));
        Assert.Equal(ci, Subsampling.ConfidenceInterval(Metric, real.Length, fake.Length, subsets: 400, seed: 1));
    }

    [Theory]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.01, -2.326347874)]
    [InlineData(0.9999, 3.719016485)]
    public void NormalQuantileMatchesScipy(double p, double expected) => Assert.Equal(expected, Subsampling.NormalQuantile(p), 1e-7);

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Subsampling.ConfidenceInterval((_, _) => 0, 2, 100));
        Assert.Throws<ArgumentException>(() => Subsampling.ConfidenceInterval((_, _) => 0, 100, 100, subsets: 1));
        Assert.Throws<ArgumentException>(() => Subsampling.ConfidenceInterval((_, _) => 0, 100, 100, fraction: 1));
        Assert.Throws<ArgumentException>(() => Subsampling.ConfidenceInterval((_, _) => 0, 100, 100, level: 0));
    }

    private static (torch.Tensor Real, torch.Tensor Fake) GaussianPair(int n, int d, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        var real = torch.randn([n, d], torch.float64, generator: generator);
        var scale = torch.tensor(new[] { 1.2, 0.8 }, torch.float64);
        var shift = torch.tensor(new[] { 0.5, 0.0 }, torch.float64);
        var fake = torch.randn([n, d], torch.float64, generator: generator) * scale + shift;
        return (real, fake);
    }
}
