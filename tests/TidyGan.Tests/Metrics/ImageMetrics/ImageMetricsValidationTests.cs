using TidyGan.Metrics.ImageMetrics;
using TorchSharp;

namespace TidyGan.Tests.Metrics.ImageMetrics;

public sealed class ImageMetricsValidationTests
{
    private static readonly int[] Shape = [4, 5];

    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Fact]
    public void TestLengthDiffersFromTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), Ramp(24), Shape));
        Assert.Contains("test has 24 values but shape [4, 5] needs 20", e.Message);
    }

    [Fact]
    public void TensorShapesDiffer()
    {
        using var r = torch.zeros(4, 5);
        using var t = torch.zeros(5, 4);
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(r, t));
        Assert.Contains("test has shape [5, 4] (20 voxels) but reference has shape [4, 5] (20 voxels)", e.Message);
        Assert.Contains("[5, 4]", Assert.Throws<ArgumentException>(() => OverlapMetrics.Dice(r, t)).Message);
        Assert.Contains("[5, 4]", Assert.Throws<ArgumentException>(() => HausdorffDistance.Percentile95(r, t, [1.0, 1.0])).Message);
    }

    [Fact]
    public void MaskShapeDiffers()
    {
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), Ramp(20), Shape, new bool[21]));
        Assert.Contains("mask has 21 values but shape [4, 5] needs 20", e.Message);
        using var r = torch.zeros(4, 5);
        using var m = torch.ones(4, 6, dtype: torch.ScalarType.Bool);
        Assert.Contains("mask has shape [4, 6] (24 voxels)", Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(r, r, m)).Message);
    }

    [Fact]
    public void EmptyMask()
    {
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), Ramp(20), Shape, new bool[20]));
        Assert.Contains("mask selects 0 of 20 voxels", e.Message);
    }

    [Fact]
    public void NanValuesAreCounted()
    {
        var test = Ramp(20);
        test[3] = float.NaN;
        test[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), test, Shape));
        Assert.Contains("test has 2 NaN or infinite value(s) of 20 (first at flat index 3", e.Message);
        var reference = Ramp(20);
        reference[0] = float.PositiveInfinity;
        Assert.Contains("reference has 1 NaN", Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(reference, Ramp(20), Shape)).Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void DataRangeMustBePositive(double range) =>
        Assert.Contains("dataRange must be positive", Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), Ramp(20), Shape, dataRange: range)).Message);

    [Fact]
    public void ConstantReferenceNeedsAnExplicitRange()
    {
        var e = Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(new float[20], Ramp(20), Shape));
        Assert.Contains("pass dataRange", e.Message);
        Assert.Equal(20 * Math.Log10(100 / Math.Sqrt(Ramp(20).Average(v => v * v))), IntensityMetrics.Compare(new float[20], Ramp(20), Shape, dataRange: 100).Psnr, 9);
    }

    [Theory]
    [InlineData(new[] { 20 })]
    [InlineData(new[] { 1, 2, 2, 5 })]
    [InlineData(new[] { 0, 5 })]
    public void ShapeMustBeASliceOrAVolume(int[] shape) =>
        Assert.Contains("expected a 2-D slice", Assert.Throws<ArgumentException>(() => IntensityMetrics.Compare(Ramp(20), Ramp(20), shape)).Message);

    [Fact]
    public void LabelMapsOfDifferentLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => OverlapMetrics.Dice(new int[6], new int[8], 1));
        Assert.Contains("test has 8 voxels but reference has 6", e.Message);
    }

    [Theory]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 1.0, 0.0 })]
    [InlineData(new[] { 1.0, double.NaN })]
    public void SpacingNeedsOnePositiveEntryPerAxis(double[] spacing)
    {
        var disc = new bool[20];
        disc[7] = true;
        var e = Assert.Throws<ArgumentException>(() => HausdorffDistance.Percentile95(disc, disc, Shape, spacing));
        Assert.Contains("one per axis of shape [4, 5]", e.Message);
        // checked even when a mask is empty (the result would be NaN anyway)
        Assert.Throws<ArgumentException>(() => HausdorffDistance.Percentile95(disc, new bool[20], Shape, spacing));
    }

    [Fact]
    public void MaskLengthForHausdorff()
    {
        var e = Assert.Throws<ArgumentException>(() => HausdorffDistance.Percentile95(new bool[20], new bool[19], Shape, [1.0, 1.0]));
        Assert.Contains("test has 19 values but shape [4, 5] needs 20", e.Message);
    }
}
