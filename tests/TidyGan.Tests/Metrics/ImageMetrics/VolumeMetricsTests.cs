using TidyGan.Data;
using TidyGan.Metrics.ImageMetrics;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Metrics.ImageMetrics;

public sealed class VolumeMetricsTests
{
    // Row-major [z, y, x] arrays are the same memory as a Volume of shape [x, y, z] (x fastest).
    private static Volume AsVolume(float[] zyx, int[] shape, params double[] spacingXyz) =>
        new(zyx, [shape[2], shape[1], shape[0]], Volume.DiagonalAffine(spacingXyz));

    private static float[] AsFloats(bool[] m) => Array.ConvertAll(m, b => b ? 1f : 0f);

    [Fact]
    public void VolumesAreReadAsAxialSlicesWithSpacingZYX()
    {
        int[] shape = [4, 20, 24];
        var reference = HeadCt(shape, seed: 1);
        var test = HeadCt(shape, seed: 2, noise: 40);
        var mask = Ellipse(shape, 10, 12, 8, 10);
        var got = VolumeMetrics.Intensity(AsVolume(reference, shape, 1, 1, 1), AsVolume(test, shape, 1, 1, 1),
            AsVolume(AsFloats(mask), shape, 1, 1, 1), 4095);
        Assert.Equal(IntensityMetrics.Compare(reference, test, shape, mask, 4095), got);

        var a = Ellipse(shape, 10, 12, 6, 7, slope: 0.1);
        var b = Ellipse(shape, 11, 11, 6, 8, slope: 0.1);
        double[] spacingZyx = [2.5, 0.9, 0.6];
        Assert.Equal(HausdorffDistance.Percentile95(a, b, shape, spacingZyx),
            VolumeMetrics.HausdorffPercentile95(AsVolume(AsFloats(a), shape, 0.6, 0.9, 2.5), AsVolume(AsFloats(b), shape, 0.6, 0.9, 2.5)));
        Assert.Equal(OverlapMetrics.Dice(a, b), VolumeMetrics.DicePerLabel(AsVolume(AsFloats(a), shape, 1, 1, 1), AsVolume(AsFloats(b), shape, 1, 1, 1))[1]);
    }

    [Fact]
    public void FourDVolumesAreRefused()
    {
        var v = new Volume(new float[2 * 3 * 4 * 2], [2, 3, 4, 2], Volume.DiagonalAffine(1, 1, 1));
        var e = Assert.Throws<ArgumentException>(() => VolumeMetrics.Intensity(v, v));
        Assert.Contains("reference has 2 frames", e.Message);
    }
}
