using System.Globalization;
using TidyGan.Metrics;
using TidyGan.Tests.Data;

namespace TidyGan.Tests.CycleGan;

public class HounsfieldHistogramTests
{
    /// <summary>W1 against scipy.stats.wasserstein_distance on samples of different sizes with ties.</summary>
    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData(1, 300, 200)]
    [InlineData(2, 1000, 1500)]
    [InlineData(3, 5, 7)]
    public void Wasserstein1MatchesScipy(int seed, int n, int m)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 2000 - 1024)).ToArray();   // integer HU: ties
        var b = Enumerable.Range(0, m).Select(_ => (float)(random.NextDouble() * random.NextDouble() * 3000 - 1000)).ToArray();
        string Join(float[] x) => string.Join(",", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var scipy = Python.Json("import sys, json; from scipy.stats import wasserstein_distance as w; " +
            "a = [float(v) for v in sys.argv[1].split(',')]; b = [float(v) for v in sys.argv[2].split(',')]; print(json.dumps(w(a, b)))",
            Join(a), Join(b)).GetDouble();
        Assert.Equal(scipy, HounsfieldHistogram.Wasserstein1(a, b), 6 - (int)Math.Ceiling(Math.Log10(Math.Max(1, scipy))));
    }

    [Fact]
    public void Wasserstein1OfAShiftIsTheShift()
    {
        var a = new float[] { -1000, 0, 40, 700 };
        Assert.Equal(25.0, HounsfieldHistogram.Wasserstein1(a, a.Select(v => v + 25).ToArray()), 9);
        Assert.Equal(0.0, HounsfieldHistogram.Wasserstein1(a, a.Reverse().ToArray()), 9);
    }

    [Fact]
    public void TissueFractionsUseTheStatedBoundaries()
    {
        // air < −200 ≤ fat < −30 ≤ soft tissue < 300 ≤ bone
        var f = HounsfieldHistogram.Fractions(new float[] { -1024, -201, -200, -31, -30, 299, 300, 1500 });
        Assert.Equal(new TissueFractions(0.25, 0.25, 0.25, 0.25), f);
    }
}
