using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.CycleGan;

/// <summary>translate prepares the input MR with the intensity rule the run recorded, never one the user gives again.</summary>
[Collection(GlobalRandomState.Name)]
public class TranslateMrIntensityTests
{
    private static CycleGanConfig WithRule(MrIntensity rule)
    {
        var config = CycleLossTests.TinyConfig();
        var options = UnpairedSlices.Options(config.Model.ImageSize, config.FieldOfViewMm, null, rule);
        return config with { DomainA = config.DomainA with { Preprocessing = SlicePreprocessing.Of(options, new PercentileScaling(0, 1)) } };
    }

    private static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void ARunTrainedWithZScoreTranslatesWithZScore()
    {
        using var dir = new TempDirectory();
        TranslateTests.ConstantCheckpoint(dir.Path, WithRule(MrIntensity.ZScore));
        using var model = CheckpointLoader.Load<Gans.CycleGan>(dir.Path, CPU);
        Assert.Equal(MrIntensity.ZScore, model.Gan.Config.MrIntensity);        // read back from the checkpoint's config
        var input = TranslateTests.ObliqueHead();
        using var translation = VolumeTranslator.Translate(model.Gan, input, TranslationDirection.AToB, batchSize: 4);

        // Direct z-score of the head voxels (the ellipsoid: every voxel > 0), without the library's fit.
        var head = input.Voxels.Where(v => v > 0).Select(v => (double)v).ToArray();
        double mean = head.Average(), sd = Math.Sqrt(head.Sum(v => (v - mean) * (v - mean)) / head.Length);
        var (intensity, threshold, background) = VolumeTranslator.Preparation(input, model.Gan.Config.DomainA);
        var z = Assert.IsType<ZScoreScaling>(intensity);
        Assert.Equal(mean, z.Mean, 1e-9);
        Assert.Equal(sd, z.StandardDeviation, 1e-9);
        Assert.Equal(head.Length, HeadMask.Compute(input, threshold).Count(m => m));

        // The network input is exactly the training path's slices of this volume under z-score (all head slices kept).
        var options = model.Gan.Config.SliceOptions(null) with { MinHeadFraction = 1e-9 };
        using var expected = VolumeSliceSet.Build("direct", input, z, threshold, background, options);
        Assert.Equal(expected.Images.shape, translation.NetworkInput.shape);
        Assert.Equal(Values(expected.Images), Values(translation.NetworkInput));
        // Inside the head the normalised value is (v − mean) / (3 SD): spot-check the centre pixel of the middle slice.
        int middle = (int)translation.NetworkInput.shape[0] / 2;
        float centre = translation.NetworkInput[middle, 0, 16, 16].item<float>();
        Assert.InRange(centre, (float)((80 - mean) / (3 * sd)) - 1e-3f, (float)((86 - mean) / (3 * sd)) + 1e-3f);

        // A run that recorded no rule (made before it existed) translates with whole-volume percentiles: other inputs.
        using var oldDir = new TempDirectory();
        TranslateTests.ConstantCheckpoint(oldDir.Path);
        using var oldModel = CheckpointLoader.Load<Gans.CycleGan>(oldDir.Path, CPU);
        Assert.Null(oldModel.Gan.Config.DomainA.Preprocessing);
        using var old = VolumeTranslator.Translate(oldModel.Gan, input, TranslationDirection.AToB, batchSize: 4);
        var whole = PercentileScaling.Fit(input.Voxels);
        using var expectedOld = VolumeSliceSet.Build("direct", input, whole, (float)(whole.Lower + 0.1 * (whole.Upper - whole.Lower)), (float)whole.Lower, options);
        Assert.Equal(Values(expectedOld.Images), Values(old.NetworkInput));
        Assert.NotEqual(Values(old.NetworkInput), Values(translation.NetworkInput));
    }
}
