using TidyGan.Metrics.ImageMetrics;
using TorchSharp;

namespace TidyGan.Tests.Metrics.ImageMetrics;

public sealed class OverlapMetricsTests
{
    [Theory]
    [InlineData(new[] { true, true, false, false }, new[] { true, false, true, false }, 0.5)]
    [InlineData(new[] { true, true, true, false }, new[] { true, true, true, false }, 1.0)]
    [InlineData(new[] { true, true, false, false }, new[] { false, false, true, true }, 0.0)]
    [InlineData(new[] { true, false, false, false }, new[] { false, false, false, false }, 0.0)]
    [InlineData(new[] { true, true, true, true }, new[] { true, false, false, false }, 0.4)]
    public void DiceOfMasks(bool[] reference, bool[] test, double expected) =>
        Assert.Equal(expected, OverlapMetrics.Dice(reference, test), 12);

    [Fact]
    public void EmptyVersusEmptyIsNan()
    {
        Assert.True(double.IsNaN(OverlapMetrics.Dice(new bool[5], new bool[5])));
        Assert.True(double.IsNaN(OverlapMetrics.Dice(new int[5], new int[5], label: 3)));
    }

    [Fact]
    public void DicePerLabelOfLabelMaps()
    {
        int[] reference = [0, 1, 1, 2, 2, 2, 0, 3];
        int[] test = [0, 1, 2, 2, 2, 0, 4, 3];
        var got = OverlapMetrics.DicePerLabel(reference, test);
        Assert.Equal([1, 2, 3, 4], got.Keys);
        Assert.Equal(2.0 * 1 / (2 + 1), got[1], 12);
        Assert.Equal(2.0 * 2 / (3 + 3), got[2], 12);
        Assert.Equal(1.0, got[3], 12);
        Assert.Equal(0.0, got[4], 12);
        foreach (var (label, dice) in got) Assert.Equal(OverlapMetrics.Dice(reference, test, label), dice, 12);
        Assert.Equal(2.0 * 1 / (2 + 2), OverlapMetrics.DicePerLabel(reference, test, includeBackground: true)[0], 12);
    }

    [Fact]
    public void TensorOverloadsMatchTheArrays()
    {
        int[] reference = [0, 1, 1, 2, 2, 2, 0, 3];
        int[] test = [0, 1, 2, 2, 2, 0, 4, 3];
        using var r = torch.tensor(reference, [2, 4]);
        using var t = torch.tensor(test, [2, 4]).to_type(torch.ScalarType.Int64);
        Assert.Equal(OverlapMetrics.Dice(reference, test, 2), OverlapMetrics.Dice(r, t, 2));
        Assert.Equal(OverlapMetrics.DicePerLabel(reference, test), OverlapMetrics.DicePerLabel(r, t));
        using var rm = r.eq(2);
        using var tm = t.eq(2);
        Assert.Equal(OverlapMetrics.Dice(reference, test, 2), OverlapMetrics.Dice(rm, tm), 12);
    }
}
