using TidyGan.Metrics.ImageMetrics;
using TorchSharp;
using static TidyGan.Tests.Metrics.ImageMetrics.ImageMetricsFixtures;

namespace TidyGan.Tests.Metrics.ImageMetrics;

public sealed class IntensityMetricsTests
{
    // Reference: numpy for MAE/RMSE/PSNR; scikit-image 0.19 structural_similarity (Debian python3-skimage)
    // per 2-D slice with full=True, its SSIM map averaged over masked pixels 5 px from the edges.
    internal const string Reference = """
        import json, sys, numpy as np
        from skimage.metrics import structural_similarity
        d = json.load(open(sys.argv[1]))
        shape = d['shape']
        f = lambda k: np.array(d[k], np.float32).astype(np.float64).reshape(shape)
        ref, test = f('ref'), f('test')
        m = np.ones(shape, bool) if d['mask'] is None else np.array(d['mask'], bool).reshape(shape)
        diff = (test - ref)[m]
        L = d['range'] if d['range'] is not None else ref[m].max() - ref[m].min()
        rmse = float(np.sqrt(np.mean(diff ** 2)))
        ref3, test3, m3 = (a.reshape((-1,) + tuple(shape[-2:])) for a in (ref, test, m))
        vals, whole = [], []
        for s in range(ref3.shape[0]):
            mssim, S = structural_similarity(ref3[s], test3[s], gaussian_weights=True, sigma=1.5,
                                             use_sample_covariance=False, data_range=L, full=True)
            whole.append(mssim)
            keep = np.zeros(S.shape, bool); keep[5:-5, 5:-5] = True
            vals.append(S[keep & m3[s]])
        vals = np.concatenate(vals)
        print(json.dumps(dict(mae=float(np.mean(np.abs(diff))), rmse=rmse, psnr=float(20 * np.log10(L / rmse)),
                              ssim=float(vals.mean()), pixels=int(vals.size), range=float(L),
                              skimage_mean=float(np.mean(whole)), voxels=int(m.sum()))))
        """;

    public static TheoryData<int[], bool, double?> Cases => new()
    {
        { [48, 40], false, null },
        { [48, 40], true, null },
        { [48, 40], true, 4095.0 },
        { [3, 32, 36], false, 4095.0 },
        { [3, 32, 36], true, null },
    };

    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesNumpyAndScikitImage(int[] shape, bool masked, double? dataRange)
    {
        var reference = HeadCt(shape, seed: 1);
        var test = HeadCt(shape, seed: 2, noise: 60);
        bool[]? mask = masked ? Ellipse(shape, shape[^2] / 2.0, shape[^1] / 2.0, shape[^2] * 0.42, shape[^1] * 0.42) : null;

        var got = IntensityMetrics.Compare(reference, test, shape, mask, dataRange);
        var want = Numpy(Reference, new { shape, @ref = reference, test, mask, range = dataRange });

        Assert.Equal(want.GetProperty("voxels").GetInt64(), got.Voxels);
        Assert.Equal(want.GetProperty("range").GetDouble(), got.DataRange, 9);
        Assert.Equal(want.GetProperty("mae").GetDouble(), got.Mae, 9);
        Assert.Equal(want.GetProperty("rmse").GetDouble(), got.Rmse, 9);
        Assert.Equal(want.GetProperty("psnr").GetDouble(), got.Psnr, 9);
        Assert.Equal(want.GetProperty("pixels").GetInt64(), got.SsimPixels);
        Assert.Equal(want.GetProperty("ssim").GetDouble(), got.Ssim, 9);
        if (!masked && shape.Length == 2)  // unmasked 2-D: exactly skimage's own mean SSIM
            Assert.Equal(want.GetProperty("skimage_mean").GetDouble(), got.Ssim, 9);
        Assert.InRange(got.Ssim, 0.0, 1.0);
    }

    [Fact]
    public void IdenticalImagesGiveZeroErrorInfinitePsnrAndSsimOne()
    {
        int[] shape = [2, 24, 24];
        var image = HeadCt(shape, seed: 3, noise: 20);
        var got = IntensityMetrics.Compare(image, (float[])image.Clone(), shape, dataRange: 4095);
        Assert.Equal(0, got.Mae);
        Assert.Equal(0, got.Rmse);
        Assert.Equal(double.PositiveInfinity, got.Psnr);
        Assert.Equal(1.0, got.Ssim, 12);
        Assert.Equal(2 * 24 * 24, got.Voxels);
        Assert.Equal(2 * 14 * 14, got.SsimPixels);
    }

    [Fact]
    public void HandComputedMaeRmsePsnrAndDefaultRangeInsideTheMask()
    {
        float[] reference = [0, 100, 200, 1000, 0, 0];
        float[] test = [10, 90, 230, -5000, 0, 0];
        bool[] mask = [true, true, true, false, true, true];
        var got = IntensityMetrics.Compare(reference, test, [2, 3], mask);
        Assert.Equal(5, got.Voxels);
        Assert.Equal((10 + 10 + 30) / 5.0, got.Mae, 12);
        Assert.Equal(Math.Sqrt((100 + 100 + 900) / 5.0), got.Rmse, 12);
        Assert.Equal(200, got.DataRange);                           // max − min of the reference inside the mask
        Assert.Equal(20 * Math.Log10(200 / got.Rmse), got.Psnr, 12);
        Assert.True(double.IsNaN(got.Ssim));                        // 2×3 is smaller than the 11×11 window
        Assert.Equal(0, got.SsimPixels);
    }

    [Fact]
    public void TensorOverloadMatchesTheArrayOverload()
    {
        int[] shape = [2, 20, 22];
        var reference = HeadCt(shape, seed: 4);
        var test = HeadCt(shape, seed: 5, noise: 30);
        var mask = Ellipse(shape, 10, 11, 8, 9);
        var want = IntensityMetrics.Compare(reference, test, shape, mask, 4095);
        long[] dims = [2, 20, 22];
        using var r = torch.tensor(reference, dims);
        using var t = torch.tensor(test, dims).to_type(torch.ScalarType.Float64);
        using var m = torch.tensor(mask, dims);
        Assert.Equal(want, IntensityMetrics.Compare(r, t, m, 4095));
    }

    [Fact]
    public void SsimFallsAsNoiseGrows()
    {
        int[] shape = [40, 40];
        var reference = HeadCt(shape, seed: 6);
        double previous = 1.0;
        foreach (double noise in new[] { 10.0, 100.0, 500.0 })
        {
            var got = IntensityMetrics.Compare(reference, HeadCt(shape, seed: 7, noise: noise), shape, dataRange: 4095);
            Assert.True(got.Ssim < previous, $"SSIM {got.Ssim} at noise {noise} should be below {previous}");
            previous = got.Ssim;
        }
    }
}
