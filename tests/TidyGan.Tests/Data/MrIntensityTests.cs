using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;

namespace TidyGan.Tests.Data;

/// <summary>MR intensity rules: percentile-volume (the original), percentile and z-score inside the head mask, checked on Colin27 against numpy/scipy.</summary>
public sealed class MrIntensityTests
{
    /// <summary>
    /// numpy/scipy's own head mask of ch2 (threshold at 10% of the whole volume's 0.5–99.5th-percentile range, largest
    /// 6-connected component, holes filled per axial slice) and, inside it, the voxel count, mean, SD (ddof 0), the
    /// 0.5/99.5th percentiles, and the mean and SD of z/3 clamped to [−1, 1] times 3.
    /// </summary>
    private const string NumpyStatistics = """
        import sys, json
        import numpy as np, nibabel as nib
        from scipy import ndimage
        v = np.asarray(nib.load(sys.argv[1]).get_fdata(), dtype=np.float32).astype(np.float64)
        lo, hi = np.percentile(v, [0.5, 99.5])
        t = np.float32(lo + 0.1 * (hi - lo))
        above = v > t
        labels, n = ndimage.label(above)
        sizes = np.bincount(labels.ravel()); sizes[0] = 0
        mask = labels == sizes.argmax()
        for z in range(mask.shape[2]):
            mask[:, :, z] = ndimage.binary_fill_holes(mask[:, :, z])
        x = v[mask]
        mean, sd = x.mean(), x.std()
        n = np.clip((x - mean) / (3 * sd), -1, 1) * 3
        plo, phi = np.percentile(x, [0.5, 99.5])
        print(json.dumps(dict(count=int(mask.sum()), mean=mean, sd=sd, plo=plo, phi=phi, zmean=n.mean(), zsd=n.std())))
        """;

    [Fact]
    public void ZScoreAndPercentileInsideTheHeadMaskMatchNumpyOnColin27()
    {
        var volume = NiftiReader.Read(RealData.Ch2);
        var expected = Python.Json(NumpyStatistics, RealData.Ch2);

        var (z, _, background, mask) = MrPreparation.Prepare(volume, MrIntensity.ZScore);
        var zscore = Assert.IsType<ZScoreScaling>(z);
        Assert.Equal(expected.GetProperty("count").GetInt32(), mask.Count(m => m));
        Assert.Equal(expected.GetProperty("mean").GetDouble(), zscore.Mean, 1e-9 * zscore.Mean);
        Assert.Equal(expected.GetProperty("sd").GetDouble(), zscore.StandardDeviation, 1e-9 * zscore.StandardDeviation);
        Assert.Equal(ZScoreScaling.DefaultClip, zscore.Clip);
        Assert.Equal(-1f, zscore.ToNormalized(background));

        // Inside the mask the network sees z / 3: times 3 it has mean ≈ 0 and SD ≈ 1 (clamping beyond ±3 SD aside), as numpy's.
        var inside = volume.Voxels.Where((_, i) => mask[i]).Select(v => 3.0 * zscore.ToNormalized(v)).ToArray();
        double m = inside.Average(), sd = Math.Sqrt(inside.Sum(v => (v - m) * (v - m)) / inside.Length);
        Assert.Equal(expected.GetProperty("zmean").GetDouble(), m, 1e-4);
        Assert.Equal(expected.GetProperty("zsd").GetDouble(), sd, 1e-4);
        Assert.InRange(m, -0.05, 0.05);
        Assert.InRange(sd, 0.95, 1.0);
        // Invertible inside the window, like the other mappings.
        foreach (var v in new[] { (float)zscore.Mean, (float)(zscore.Mean + zscore.StandardDeviation) })
            Assert.Equal(v, zscore.ToPhysical(zscore.ToNormalized(v)), 1e-3);

        var (p, _, pBackground, pMask) = MrPreparation.Prepare(volume, MrIntensity.Percentile);
        var percentile = Assert.IsType<PercentileScaling>(p);
        Assert.Equal(mask, pMask);
        Assert.Equal(expected.GetProperty("plo").GetDouble(), percentile.Lower, 1e-6);
        Assert.Equal(expected.GetProperty("phi").GetDouble(), percentile.Upper, 1e-6);
        Assert.Equal((float)percentile.Lower, pBackground);
    }

    [Fact]
    public void PercentileVolumeIsTheOriginalWholeVolumeRule()
    {
        var volume = NiftiReader.Read(RealData.Ch2);
        var whole = PercentileScaling.Fit(volume.Voxels);
        var (intensity, threshold, background, mask) = MrPreparation.Prepare(volume, MrIntensity.PercentileVolume);
        Assert.Equal(whole, intensity);
        Assert.Equal((float)(whole.Lower + 0.1 * (whole.Upper - whole.Lower)), threshold);
        Assert.Equal((float)whole.Lower, background);
        Assert.Equal(HeadMask.Compute(volume, threshold), mask);
        Assert.Equal(MrIntensity.PercentileVolume, DatasetOptions.Default.MrIntensity);
    }

    [Fact]
    public void MrHeadSlicesFollowTheChosenRule()
    {
        using var z = Datasets.Load("mr-head", new DatasetOptions(Size: 32, MrIntensity: MrIntensity.ZScore));
        var expected = MrPreparation.Prepare(NiftiReader.Read(RealData.Ch2), MrIntensity.ZScore).Intensity;
        Assert.Equal(expected, z.Intensity);
        var description = DataDescription.Of(z, "mr-head", options: new DatasetOptions(Size: 32, MrIntensity: MrIntensity.ZScore));
        Assert.Equal("zscore", description.Preprocessing!.Intensity);
        Assert.Equal(MrIntensity.ZScore, description.MrIntensity);
        Assert.Equal(32, description.Preprocessing.Size);
        Assert.True(description.Preprocessing.HeadMask);
        Assert.Equal(0.15, description.Preprocessing.MinHeadFraction);
    }

    [Theory]
    [InlineData("percentile-volume", MrIntensity.PercentileVolume)]
    [InlineData("percentile", MrIntensity.Percentile)]
    [InlineData("zscore", MrIntensity.ZScore)]
    [InlineData("Z-Score", MrIntensity.ZScore)]
    public void NamesRoundTrip(string name, MrIntensity kind)
    {
        Assert.Equal(kind, MrIntensities.Parse(name));
        Assert.Equal(kind, MrIntensities.Parse(kind.Name()));
    }

    [Fact]
    public void AnUnknownNameListsTheRules()
    {
        var e = Assert.Throws<ArgumentException>(() => MrIntensities.Parse("minmax"));
        Assert.Contains("percentile-volume, percentile, zscore", e.Message);
    }

    /// <summary>A domain description as runs wrote it before preprocessing was recorded (no "preprocessing" key).</summary>
    private const string OldDomain = """
        {"name":"mr-head","size":32,"channels":1,"classNames":[],"intensityUnit":"a.u.","intensityLow":0,"intensityHigh":178,
         "geometry":{"axis":"Axial","rowSpacing":7.5,"columnSpacing":7.5,"sliceSpacing":1,"origin":[116.75,103.25,23]},"count":73,"limit":null}
        """;

    [Fact]
    public void AnOldConfigWithoutPreprocessingLoadsWithTheOldRule()
    {
        var old = JsonSerializer.Deserialize<DataDescription>(OldDomain, Checkpoint.Json)!;
        Assert.Null(old.Preprocessing);
        Assert.Equal(MrIntensity.PercentileVolume, old.MrIntensity);
        var config = TidyGan.Tests.CycleGan.CycleLossTests.TinyConfig() with { DomainA = old };
        var node = JsonSerializer.SerializeToNode(config, Checkpoint.Json)!;
        Assert.False(node["domainA"]!.AsObject().ContainsKey("preprocessing"));
        var back = node.Deserialize<CycleGanConfig>(Checkpoint.Json)!;
        Assert.Equal(MrIntensity.PercentileVolume, back.MrIntensity);
        Assert.Equal(UnpairedSlices.Options(32, 200, 80), back.SliceOptions(80));
        // The translator prepares an MR of such a run exactly as before: whole-volume percentiles.
        var head = TidyGan.Tests.CycleGan.TranslateTests.ObliqueHead();
        var (intensity, threshold, background) = VolumeTranslator.Preparation(head, old);
        var whole = PercentileScaling.Fit(head.Voxels);
        Assert.Equal(whole, intensity);
        Assert.Equal((float)(whole.Lower + 0.1 * (whole.Upper - whole.Lower)), threshold);
        Assert.Equal((float)whole.Lower, background);
    }

    [Fact]
    public void TheDefaultRuleLeavesTheSliceCacheKeyAsBefore()
    {
        // DatasetOptions' JSON (the slice cache's key) has no MrIntensity at its default, so old cache entries stay valid.
        var json = JsonSerializer.Serialize(new DatasetOptions(Size: 32));
        Assert.DoesNotContain("MrIntensity", json);
        Assert.Contains("MrIntensity", JsonSerializer.Serialize(new DatasetOptions(Size: 32, MrIntensity: MrIntensity.ZScore)));
        Assert.Null(JsonNode.Parse(json)!["MrIntensity"]);
    }
}
