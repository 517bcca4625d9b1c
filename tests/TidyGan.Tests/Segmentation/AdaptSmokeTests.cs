using TidyGan.Data;
using TidyGan.Tests.Cli;

namespace TidyGan.Tests.Segmentation;

/// <summary>Real data: Colin27 T1 + ch2bet, the simulated contrast and the Cranium CT (Debian's mricron-data, invesalius-examples).</summary>
[Trait(Traits.Category, Traits.Slow)]
[Collection(GlobalRandomState.Name)]
public class AdaptSmokeTests
{
    [Fact]
    public void SimulatedDomainKeepsTheSourceLabelsAndIsReproducible()
    {
        var domains = new HeadDomains();
        using var t1 = domains.Load(HeadDomains.Source, SegmentationSplit.Test);
        using var simulated = domains.Load(HeadDomains.SimulatedMr, SegmentationSplit.Test);
        using var again = new HeadDomains().Load(HeadDomains.SimulatedMr, SegmentationSplit.Test);
        Assert.True(t1.Labels!.eq(simulated.Labels!).all().item<bool>(), "same anatomy, same labels");
        Assert.Equal(t1.SliceIndices, simulated.SliceIndices);
        Assert.True(simulated.Images.eq(again.Images).all().item<bool>(), "same seed, same images");
        Assert.False(simulated.Images.eq(t1.Images).all().item<bool>());
        using var sourceTrain = domains.Load(HeadDomains.Source, SegmentationSplit.Train);
        using var targetTrain = domains.Load(HeadDomains.SimulatedMr, SegmentationSplit.Train);
        Assert.Empty(sourceTrain.SliceIndices.Intersect(targetTrain.SliceIndices));
        Assert.Empty(sourceTrain.SliceIndices.Intersect(t1.SliceIndices));
        Assert.Empty(targetTrain.SliceIndices.Intersect(t1.SliceIndices));
        // Every label occurs; the brain is a sizeable share of the head.
        var counts = Enumerable.Range(0, HeadLabels.Count).Select(k => t1.Labels!.eq(k).sum().item<long>()).ToArray();
        Assert.All(counts, c => Assert.True(c > 1000));
    }

    [Fact]
    public void CtReferenceMaskFindsABrainInsideTheSkull()
    {
        var (ct, labels, testSlices) = new HeadDomains().CtReference();
        Assert.True(testSlices.Length >= 20, $"{testSlices.Length} CT test slices");
        var labelVolume = ct.WithVoxels(labels.Select(l => (float)l).ToArray());
        long head = 0, brain = 0, brainInWindow = 0;
        foreach (var k in testSlices)
        {
            var l = VolumeSlicer.Slice(labelVolume, SliceAxis.Axial, k, out _, out _);
            var hu = VolumeSlicer.Slice(ct, SliceAxis.Axial, k, out _, out _);
            for (int p = 0; p < l.Length; p++)
            {
                if (l[p] != HeadLabels.Background) head++;
                if (l[p] != HeadLabels.Brain) continue;
                brain++;
                if (hu[p] >= CtBrainMask.BrainLowHu && hu[p] <= CtBrainMask.BrainHighHu) brainInWindow++;
            }
        }
        // In the cranial vault the brain fills most of the head, not a sliver and not all of it (scalp and skull remain).
        double share = (double)brain / head;
        Assert.InRange(share, 0.45, 0.9);
        // Brain voxels are soft tissue: only the per-slice hole filling (ventricles, vessels) may add voxels outside 0…80 HU.
        Assert.True(brainInWindow >= 0.9 * brain, $"{brainInWindow} of {brain} brain voxels within the brain window");
    }

    [Fact]
    public void AdaptRunsOnRealDataAndPredictWritesALabelMapAlignedWithItsInput()
    {
        using var temp = new TempDirectory();
        var run = Path.Combine(temp.Path, "adapt");
        var result = CliRunner.Run("adapt", "--target", "ct-head", "--steps", "6", "--batch", "4", "--seed", "2", "--out", run);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ct-head", result.Output);
        var log = File.ReadAllText(Path.Combine(run, "scalars.csv"));
        Assert.Contains("domain/accuracy", log);
        Assert.Contains("adversarial/alpha", log);

        var input = Path.Combine(temp.Path, "phantom.nii.gz");
        var (volume, _, _, _) = Phantom.Head();
        NiftiWriter.Write(input, volume, NiftiDataType.Int16);
        var labels = Path.Combine(temp.Path, "labels.nii.gz");
        var predict = CliRunner.Run("segment", "predict", "--checkpoint", run, "--in", input, "--out", labels);
        Assert.True(predict.ExitCode == 0, predict.Output);
        var written = NiftiReader.Read(labels);
        var original = NiftiReader.Read(input);
        Assert.Equal(original.Shape, written.Shape);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(original.Affine[r, c], written.Affine[r, c], 4);
        Assert.All(written.Voxels, v => Assert.InRange(v, 0, HeadLabels.Count - 1));
    }

    [Fact]
    public void BadOptionsFailWithAClearMessage()
    {
        var result = CliRunner.Run("adapt", "--target", "ct-head", "--disc-layers", "enc1,nope", "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope", result.Output);
    }
}
