using TidyGan.Metrics;

namespace TidyGan.Tests.Metrics;

public sealed class ScoreComparisonTests
{
    private static readonly MetricScore Fd = new("FD", 12.3, 11.0, 13.5, 5000, 5000, "resnet18-onnx", "1.0");

    [Fact]
    public void ComparableScoresGiveNoWarnings() =>
        Assert.Empty(ScoreComparison.Warnings(Fd, Fd with { Value = 20, Low = null, High = null }));

    [Fact]
    public void DifferentSampleCountsAreNamed()
    {
        var w = Assert.Single(ScoreComparison.Warnings(Fd, Fd with { NFake = 10_000 }));
        Assert.Contains("n fake = 5000", w);
        Assert.Contains("n fake = 10000", w);
    }

    [Fact]
    public void DifferentExtractorsOrVersionsAreNamed()
    {
        Assert.Contains("inception-v3", Assert.Single(ScoreComparison.Warnings(Fd, Fd with { Extractor = "inception-v3" })));
        Assert.Contains("2.0", Assert.Single(ScoreComparison.Warnings(Fd, Fd with { ExtractorVersion = "2.0" })));
        Assert.Equal(2, ScoreComparison.Warnings(Fd, Fd with { NReal = 10, Extractor = "x" }).Count);
    }
}
