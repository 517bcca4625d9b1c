using TidyGan.Data;
using TidyGan.Metrics.ImageMetrics;
using TidyGan.Tests.Data;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Metrics.ImageMetrics;

/// <summary>The metrics on real HU data (InVesalius Cranium CT): a shifted, offset copy stands in for a synthetic CT.</summary>
[Trait(Traits.Category, Traits.Slow)]
public sealed class RealCtMetricsTests
{
    [Trait(Traits.Category, Traits.PythonReference)]
    [Fact]
    public void HeadCtSlicesMatchNumpyScikitImageAndMedpy()
    {
        var ct = InVesaliusReader.Read(RealData.Cranium);
        int nx = ct.SizeX, ny = ct.SizeY, z0 = 50, slices = 3;
        int[] shape = [slices, ny, nx];
        var reference = ct.Voxels.AsSpan(z0 * nx * ny, slices * nx * ny).ToArray();   // [z, y, x] view of x-fastest voxels
        var test = new float[reference.Length];
        for (int i = 0; i < test.Length; i++)
            test[i] = (i % nx == 0 ? reference[i] : reference[i - 1]) + 20;        // 1-voxel shift in x, +20 HU
        var head = Array.ConvertAll(reference, v => v > -500);

        var got = IntensityMetrics.Compare(reference, test, shape, head, 4095);
        var want = Numpy(IntensityMetricsTests.Reference, new { shape, @ref = reference, test, mask = head, range = (double?)4095 });
        Assert.Equal(want.GetProperty("voxels").GetInt64(), got.Voxels);
        Assert.Equal(want.GetProperty("mae").GetDouble(), got.Mae, 9);
        Assert.Equal(want.GetProperty("rmse").GetDouble(), got.Rmse, 9);
        Assert.Equal(want.GetProperty("psnr").GetDouble(), got.Psnr, 9);
        Assert.Equal(want.GetProperty("ssim").GetDouble(), got.Ssim, 9);
        Assert.InRange(got.Mae, 20, 400);

        var boneReference = Array.ConvertAll(reference, v => v > 300);
        var boneTest = Array.ConvertAll(test, v => v > 300);
        double[] spacing = [ct.Spacing[2], ct.Spacing[1], ct.Spacing[0]];
        var hd = Numpy(HausdorffDistanceTests.Medpy, new { shape, spacing, a = boneReference, b = boneTest });
        Assert.Equal(hd.GetProperty("hd95").GetDouble(), HausdorffDistance.Percentile95(boneReference, boneTest, shape, spacing), 9);
        Assert.InRange(OverlapMetrics.Dice(boneReference, boneTest), 0.5, 1.0);
    }
}
