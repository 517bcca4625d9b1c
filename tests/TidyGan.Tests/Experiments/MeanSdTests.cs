using TidyGan.Experiments;

namespace TidyGan.Tests.Experiments;

public class MeanSdTests
{
    // Reference: Python's statistics.mean / statistics.stdev (= numpy mean / std(ddof=1)) on the same values.
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 4.0 }, 2.3333333333333335, 1.5275252316519468)]
    [InlineData(new[] { 0.81, 0.85, 0.87, 0.84 }, 0.8425, 0.024999999999999974)]
    [InlineData(new[] { -3.5, 10.25 }, 3.375, 9.722718241315029)]
    public void MeanAndSampleSdMatchTheReference(double[] values, double mean, double sd)
    {
        var m = MeanSd.Of(values);
        Assert.Equal(mean, m.Mean, 12);
        Assert.Equal(sd, m.Sd!.Value, 12);
        Assert.Equal(values.Length, m.N);
    }

    [Fact]
    public void OneValueHasNoSdShownAsNMinus1AndWrittenAsNull()
    {
        var m = MeanSd.Of([0.844]);
        Assert.Null(m.Sd);
        Assert.Equal(1, m.N);
        Assert.Equal("0.844 (n = 1)", m.Format("0.000"));
        var json = m.ToJson();
        Assert.Equal(0.844, (double)json["mean"]!);
        Assert.Null(json["sd"]);
        Assert.Equal("{\"mean\":0.844,\"sd\":null,\"n\":1}", json.ToJsonString());
    }

    [Fact]
    public void NoFiniteValueIsADashAndNull()
    {
        var m = MeanSd.Of([double.NaN]);
        Assert.Equal(0, m.N);
        Assert.Equal("—", m.Format("0.0"));
        Assert.Null(m.ToJson()["mean"]);
    }

    [Fact]
    public void NonFiniteValuesAreLeftOut()
    {
        var m = MeanSd.Of([1, double.NaN, 2, double.PositiveInfinity, 4]);
        Assert.Equal(3, m.N);
        Assert.Equal(2.3333333333333335, m.Mean, 12);
    }

    [Theory]
    [InlineData("0.000", 1, false, "0.844 ± 0.032")]
    [InlineData("F1", 100, false, "84.4 ± 3.2")]
    [InlineData("F1", 100, true, "+84.4 ± 3.2")]
    public void FormatsWithTheGivenDigits(string number, double scale, bool signed, string expected) =>
        Assert.Equal(expected, new MeanSd(0.844, 0.032, 3).Format(number, scale, signed));

    [Fact]
    public void NegativeSignedValuesUseAMinusSign() =>
        Assert.Equal("−1.5 (n = 1)", MeanSd.Of([-0.015]).Format("F1", 100, signed: true));
}
