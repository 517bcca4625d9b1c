using TidyGan.Metrics;

namespace TidyGan.Tests.Metrics;

public sealed class ValidationTests
{
    public static TheoryData<string, double[,], double[,], string> BadInputs()
    {
        var ok = MetricTestData.Gaussian(10, 3, seed: 30);
        var wide = MetricTestData.Gaussian(10, 4, seed: 31);
        var nan = MetricTestData.Gaussian(10, 3, seed: 32);
        nan[7, 1] = double.NaN;
        var inf = MetricTestData.Gaussian(10, 3, seed: 33);
        inf[2, 0] = double.PositiveInfinity;
        var one = MetricTestData.Gaussian(1, 3, seed: 34);
        var empty = new double[0, 3];
        var data = new TheoryData<string, double[,], double[,], string>();
        foreach (var metric in new[] { "fd", "kid", "prdc" })
        {
            data.Add(metric, ok, wide, "widths differ");
            data.Add(metric, ok, nan, "row 7");
            data.Add(metric, inf, ok, "row 2");
            data.Add(metric, ok, one, "has 1 samples");
            data.Add(metric, empty, ok, "empty");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsAClearError(string metric, double[,] real, double[,] fake, string message)
    {
        Action run = metric switch
        {
            "fd" => () => FrechetDistance.Compute(real, fake),
            "kid" => () => KernelInceptionDistance.Compute(real, fake, subsets: 2),
            _ => () => PrecisionRecallDensityCoverage.Compute(real, fake, 3),
        };
        var e = Assert.Throws<ArgumentException>(run);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void PrdcNeedsKPlusOneSamples()
    {
        var real = MetricTestData.Gaussian(5, 3, seed: 35);
        var fake = MetricTestData.Gaussian(20, 3, seed: 36);
        var e = Assert.Throws<ArgumentException>(() => PrecisionRecallDensityCoverage.Compute(real, fake, 5));
        Assert.Contains("real has 5 samples; at least 6", e.Message);
        PrecisionRecallDensityCoverage.Compute(MetricTestData.Gaussian(6, 3, seed: 37), fake, 5);   // n = k + 1 is enough
    }

    [Fact]
    public void FdStatisticsOfDifferentWidthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => FrechetDistance.FromStatistics([0, 0], new double[2, 2], [0, 0, 0], new double[3, 3]));
        Assert.Contains("disagree in shape", e.Message);
    }
}
