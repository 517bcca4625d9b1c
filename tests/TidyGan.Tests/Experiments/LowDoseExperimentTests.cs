using TidyGan.Data;
using TidyGan.Experiments;
using TidyGan.Experiments.LowDose;

namespace TidyGan.Tests.Experiments;

/// <summary>The low-dose experiment end to end on a crop of the real head CT: scores, outputs and the arm cache.</summary>
public sealed class LowDoseExperimentTests
{
    // 24 axial slices of Cranium's centre, 96² px: the same code path as the full experiment, in seconds.
    private static Volume Crop()
    {
        var cranium = InVesaliusReader.Read(Datasets.CraniumPath);
        int x0 = 80, y0 = 80, z0 = 50, size = 96, depth = 24;
        var voxels = new float[size * size * depth];
        for (int z = 0; z < depth; z++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    voxels[x + size * (y + size * z)] = cranium[x0 + x, y0 + y, z0 + z];
        return new Volume(voxels, [size, size, depth], cranium.Affine, cranium.Kind);
    }

    private static readonly LowDoseExperimentOptions Tiny = new()
    {
        Doses = [0.25], Seeds = [1], Arms = [LowDoseArm.LowDoseFbp, LowDoseArm.Mse],
        TrainSlices = new(0, 8), TestSlices = new(12, 20), PatchSize = 32, Patches = 64, Steps = 3, BatchSize = 4,
        DenoiserWidth = 8, NpsRoi = 16, Lesions = new(DiametersMm: [5.0], LesionsPerSlice: 1),
        Scan = new LowDoseExperimentOptions().Scan with { Views = 90 },
    };

    [Fact]
    public void RunsScoresAndReusesAnArmOnlyWhenItsConfigurationMatches()
    {
        using var dir = new TempDirectory();
        var volume = Crop();
        var first = LowDoseExperiment.Run(Tiny, dir.Path, volume: volume);

        Assert.Equal(2, first.Count);
        var fbp = first.Single(s => s.Arm == LowDoseArm.LowDoseFbp);
        Assert.True(fbp.NoiseSdHu > 5, $"quarter-dose FBP noise {fbp.NoiseSdHu} HU");
        Assert.True(fbp.Psnr is > 20 and < 80, $"PSNR {fbp.Psnr}");
        Assert.InRange(fbp.Lesions, 1, 8);
        foreach (var file in new[] { LowDoseResults.JsonFile, LowDoseResults.TableFile, "panel-dose-0.25.png", "nps-dose-0.25.png" })
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        var arm = Path.Combine(dir.Path, "dose-0.25", "seed-1", "mse", ArmCache.FileName);
        var written = File.GetLastWriteTimeUtc(arm);

        // Same configuration: the trained arm is reused as it is and scores the same.
        var again = LowDoseExperiment.Run(Tiny, dir.Path, volume: volume);
        Assert.Equal(written, File.GetLastWriteTimeUtc(arm));
        Assert.Equal(first.Single(s => s.Arm == LowDoseArm.Mse).Psnr, again.Single(s => s.Arm == LowDoseArm.Mse).Psnr);

        // Another configuration: refused, naming the field, nothing touched.
        var e = Assert.Throws<ArmMismatchException>(() => LowDoseExperiment.Run(Tiny with { Steps = 4 }, dir.Path, volume: volume));
        Assert.Contains("steps", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(written, File.GetLastWriteTimeUtc(arm));
    }

    [Fact]
    public void OverlappingSlabsAreRefused() =>
        Assert.Throws<ArgumentException>(() => (Tiny with { TrainSlices = new(0, 14) }).Validate());
}
