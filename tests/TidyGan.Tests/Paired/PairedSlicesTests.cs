using TidyGan.Data;
using TidyGan.IO;
using TidyGan.Training;
using static TorchSharp.torch;

namespace TidyGan.Tests.Paired;

/// <summary>Paired slices of two aligned volumes: one grid required, slices aligned, augmentation identical for both images.</summary>
public class PairedSlicesTests
{
    private static readonly DatasetOptions Options = UnpairedSlices.Options(32, 240, null);

    private static Volume Box(int[] shape, double spacing = 1, string source = "")
    {
        var affine = new double[4, 4];
        for (int i = 0; i < 3; i++) affine[i, i] = spacing;
        affine[3, 3] = 1;
        var voxels = new float[shape[0] * shape[1] * shape[2]];
        for (int z = 0; z < shape[2]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[0]; x++)
                {
                    double r = Math.Sqrt(Math.Pow(x - shape[0] / 2.0, 2) + Math.Pow(y - shape[1] / 2.0, 2));
                    voxels[(z * shape[1] + y) * shape[0] + x] = r < shape[0] / 3.0 ? 40 + x : -1000;
                }
        return new Volume(voxels, shape, affine, IntensityKind.Hounsfield, source: source);
    }

    [Fact]
    public void VolumesOnDifferentGridsAreRefusedNamingBoth()
    {
        var a = Box([40, 40, 10], source: "/data/low.nii.gz");
        var shape = Assert.Throws<UserException>(() => PairedSlices.Build("nifti:low", a, "nifti:full", Box([40, 40, 12], source: "/data/full.nii.gz"), Options));
        Assert.Contains("/data/low.nii.gz", shape.Message);
        Assert.Contains("/data/full.nii.gz", shape.Message);
        Assert.Contains("40×40×12", shape.Message);
        var affine = Assert.Throws<UserException>(() => PairedSlices.Build("nifti:low", a, "nifti:full", Box([40, 40, 10], 1.2, "/data/full.nii.gz"), Options));
        Assert.Contains("/data/low.nii.gz", affine.Message);
        Assert.Contains("affine", affine.Message);
    }

    /// <summary>On the real head CT: slice k of A and of B come from the same place (B = A gives equal channels), HU maps back
    /// exactly, and the sampler's augmentation moves both images of a pair identically, while changing them.</summary>
    [Fact]
    public void PairsOfTheRealHeadStayAlignedUnderAugmentation()
    {
        var ct = InVesaliusReader.Read(Datasets.CraniumPath);
        var shifted = ct.WithVoxels(ct.Voxels.Select(v => v + 100f).ToArray());      // B = A + 100 HU on the same grid
        using var pairs = PairedSlices.Build("ct-head", ct, "ct-head+100", shifted, Options);
        Assert.Equal(2, pairs.Pairs.Channels);
        Assert.Equal("HU", pairs.Target.IntensityUnit);
        using var scope = NewDisposeScope();
        var images = pairs.Pairs.Images;
        var (a, b) = (images.narrow(1, 0, 1), images.narrow(1, 1, 1));
        var hu = HounsfieldWindow.Full;
        var head = a.gt(hu.ToNormalized(-500f)).logical_and(b.gt(hu.ToNormalized(-500f)));
        var difference = (hu.ToPhysical(b) - hu.ToPhysical(a)).masked_select(head);
        Assert.InRange(difference.mean().item<float>(), 95f, 105f);                   // the same voxels, 100 HU apart

        var augmentation = new AugmentationOptions(MaxRotationDegrees: 10, MaxShift: 4);
        using var sampler = new BatchSampler(pairs.Pairs, 8, 3, augmentation, CPU);
        using var plain = new BatchSampler(pairs.Pairs, 8, 3, null, CPU);
        var batch = sampler.Get(0).Images;
        var unaugmented = plain.Get(0).Images;
        Assert.False(batch.allclose(unaugmented), "augmentation changed the images");
        var offset = hu.ToNormalized(100f) - hu.ToNormalized(0f);
        var inside = batch.narrow(1, 0, 1).gt(-0.5).logical_and(batch.narrow(1, 1, 1).gt(-0.5));
        var gap = (batch.narrow(1, 1, 1) - batch.narrow(1, 0, 1)).masked_select(inside);
        Assert.InRange(gap.mean().item<float>(), offset * 0.95, offset * 1.05);      // same warp on both channels
    }
}
