using TidyGan.Data;
using TidyGan.Metrics;

namespace TidyGan.Tests.CycleGan;

/// <summary>
/// The "same anatomy in both domains" limit: slices (training) and voxels (evaluation) at most MaxDepthMm below the
/// head's top, measured in world z, whatever the slice order and spacing.
/// </summary>
public class DepthRangeTests
{
    // 16 × 16 × 30 voxels, 2 mm slices; a 8 × 8 "head" (40 HU) in slices 3…26, air (−1024 HU) elsewhere.
    private static Volume Head(bool flipZ)
    {
        int nx = 16, ny = 16, nz = 30;
        var v = new float[nx * ny * nz];
        for (int k = 0; k < nz; k++)
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                    v[(k * ny + j) * nx + i] = k is >= 3 and <= 26 && i is >= 4 and < 12 && j is >= 4 and < 12 ? 40 : -1024;
        var affine = Volume.DiagonalAffine(1, 1, flipZ ? -2 : 2);
        return new Volume(v, [nx, ny, nz], affine, IntensityKind.Hounsfield);
    }

    [Theory]
    [InlineData(false, 26)]   // z = +2k: the vertex is slice 26
    [InlineData(true, 3)]     // z = −2k: the vertex is slice 3
    public void SlicesWithinDepthCountsFromTheVertexInWorldZ(bool flipZ, int vertexSlice)
    {
        var volume = Head(flipZ);
        var options = new DatasetOptions(Size: 16, MaxDepthMm: 20);
        using var limited = VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, options);
        using var whole = VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, options with { MaxDepthMm = null });
        Assert.Equal(24, whole.Count);
        Assert.Equal(11, limited.Count);   // depths 0, 2, …, 20 mm
        // The first kept slice (display order) is the one 20 mm from the vertex or the vertex itself.
        double vertexZ = volume.ToWorld(0, 0, vertexSlice).Z;
        double firstZ = limited.Geometry!.Origin[2];
        Assert.True(Math.Abs(vertexZ - firstZ) is < 1e-6 or (> 20 - 1e-6 and < 20 + 1e-6), $"first kept slice at z = {firstZ}, vertex at {vertexZ}");
    }

    [Fact]
    public void SlicesWithinDepthCentreOnTheKeptPartOfTheHead()
    {
        // A "face" sticking out 4 voxels (x 12…15) in the lowest slices 3…10 moves the whole-head box centre by 2 mm
        // in x; the slices within 20 mm of the vertex (16…26) do not have it, so their centre must not move.
        var volume = Head(flipZ: false);
        for (int k = 3; k <= 10; k++)
            for (int j = 4; j < 12; j++)
                for (int i = 12; i < 16; i++)
                    volume.Voxels[(k * 16 + j) * 16 + i] = 40;
        var options = new DatasetOptions(Size: 16, FieldOfViewMm: 16, MinHeadFraction: 0.5);
        using var whole = VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, options);
        using var limited = VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, options with { MaxDepthMm = 20 });
        Assert.Equal(2.0, Math.Abs(limited.Geometry!.Origin[0] - whole.Geometry!.Origin[0]), 6);
        Assert.Equal(whole.Geometry.Origin[1], limited.Geometry.Origin[1], 6);
    }

    [Fact]
    public void SlicesWithinDepthRejectsNonAxialAndNegativeDepth()
    {
        var volume = Head(false);
        Assert.Contains("axial", Assert.Throws<ArgumentException>(() =>
            VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, new DatasetOptions(Size: 16, MaxDepthMm: 20, Axis: SliceAxis.Coronal))).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() =>
            VolumeSliceSet.Build("head", volume, HounsfieldWindow.Full, -500, -1024, new DatasetOptions(Size: 16, MaxDepthMm: -1))).Message);
    }

    [Fact]
    public void EvaluationMaskWithinDepthKeepsHeadVoxelsNearTheVertexOnly()
    {
        var volume = Head(flipZ: true);
        var head = volume.Voxels.Select(v => v > -500).ToArray();
        var limited = SyntheticCtEvaluation.WithinDepth(volume, head, 10);
        Assert.Equal(6 * 64, limited.Count(b => b));                     // slices 3…8: depths 0…10 mm, 8 × 8 each
        Assert.All(Enumerable.Range(0, head.Length).Where(i => limited[i]), i => Assert.True(head[i] && i / 256 is >= 3 and <= 8));
        var range = SyntheticCtEvaluation.WithinDepth(volume, head, 10, rangeOnly: true);
        Assert.Equal(9 * 256, range.Count(b => b));                      // whole slices, head or not, above the vertex too (slices 0…8)
        Assert.Same(head, SyntheticCtEvaluation.WithinDepth(volume, head, null));
    }
}
