using TidyGan.Data;
using TorchSharp;

namespace TidyGan.Tests.Data;

public class SlicingAndAugmentationTests
{
    /// <summary>A 4×5×6 volume whose voxel value encodes its index: v = x + 10y + 100z.</summary>
    private static Volume Coded(double[,] affine)
    {
        var v = new float[4 * 5 * 6];
        for (int z = 0; z < 6; z++) for (int y = 0; y < 5; y++) for (int x = 0; x < 4; x++) v[x + 4 * (y + 5 * z)] = x + 10 * y + 100 * z;
        return new Volume(v, [4, 5, 6], affine);
    }

    public static TheoryData<string> Affines() => new() { "ras", "lps", "permuted" };

    private static double[,] AffineNamed(string name) => name switch
    {
        "ras" => Volume.DiagonalAffine(1, 2, 3),
        "lps" => new double[,] { { -1, 0, 0, 0 }, { 0, -2, 0, 0 }, { 0, 0, 3, 0 }, { 0, 0, 0, 1 } },
        _ => new double[,] { { 0, 0, -3, 0 }, { 1, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 0, 1 } },   // voxel axes → world (y, z, −x)
    };

    /// <summary>Display convention checked through the affine: every displayed pixel's world position must move
    /// in the documented direction (axial: right = patient left (−x), down = posterior (−y); slice k ↑ = +z).</summary>
    [Theory]
    [MemberData(nameof(Affines))]
    public void SlicesFollowTheDisplayConventionWhateverTheVoxelOrder(string name)
    {
        var volume = Coded(AffineNamed(name));
        var cases = new (SliceAxis Axis, int Col, int Row, int Normal, double ColSign, double RowSign)[]
        {
            (SliceAxis.Axial, 0, 1, 2, -1, -1), (SliceAxis.Coronal, 0, 2, 1, -1, -1), (SliceAxis.Sagittal, 1, 2, 0, -1, -1),
        };
        foreach (var c in cases)
        {
            int count = VolumeSlicer.SliceCount(volume, c.Axis);
            var s = volume.Slice(c.Axis, 1, out int h, out int w);
            Assert.Equal(h * w, s.Length);
            double[] W(int k, int r, int col)
            {
                var p = VolumeSlicer.ToWorld(volume, c.Axis, k, r, col);
                return [p.X, p.Y, p.Z];
            }
            Assert.True((W(1, 0, 1)[c.Col] - W(1, 0, 0)[c.Col]) * c.ColSign > 0, $"{c.Axis} columns");
            Assert.True((W(1, 1, 0)[c.Row] - W(1, 0, 0)[c.Row]) * c.RowSign > 0, $"{c.Axis} rows");
            Assert.True(W(count - 1, 0, 0)[c.Normal] > W(0, 0, 0)[c.Normal], $"{c.Axis} slices");
            // The pixel values are the voxels ToVoxel names.
            for (int r = 0; r < h; r++)
                for (int col = 0; col < w; col++)
                {
                    var (i, j, k) = VolumeSlicer.ToVoxel(volume, c.Axis, 1, r, col);
                    Assert.Equal(volume[(int)i, (int)j, (int)k], s[r * w + col]);
                }
        }
    }

    [Fact]
    public void StackAffineOfAxialSlicesReproducesTheVolumeAffine()
    {
        var volume = Coded(AffineNamed("lps"));
        var g = VolumeSlicer.Geometry(volume, SliceAxis.Axial);
        var a = g.StackAffine();
        // Stack voxel (col, row, k) must land where the slicer says slice k's pixel (row, col) is.
        foreach (var (k, r, c) in new[] { (0, 0, 0), (2, 3, 1), (5, 4, 3) })
        {
            var expected = VolumeSlicer.ToWorld(volume, SliceAxis.Axial, k, r, c);
            Assert.Equal(expected.X, a[0, 0] * c + a[0, 1] * r + a[0, 2] * k + a[0, 3], 9);
            Assert.Equal(expected.Y, a[1, 0] * c + a[1, 1] * r + a[1, 2] * k + a[1, 3], 9);
            Assert.Equal(expected.Z, a[2, 0] * c + a[2, 1] * r + a[2, 2] * k + a[2, 3], 9);
        }
    }

    [Fact]
    public void VolumeResamplingKeepsWorldPositionsAndLinearRamps()
    {
        // A linear ramp in world x is reproduced exactly by trilinear interpolation (inside the volume).
        var affine = Volume.DiagonalAffine(1, 1, 1);
        var v = new float[8 * 8 * 8];
        for (int i = 0; i < v.Length; i++) v[i] = i % 8;
        var r = Resample.ToSpacing(new Volume(v, [8, 8, 8], affine), [0.5, 2, 1]);
        Assert.Equal([16, 4, 8], r.Shape);
        for (int x = 1; x < 15; x++)
            Assert.Equal(r.ToWorld(x, 0, 0).X, r[x, 1, 1], 5);
    }

    [Fact]
    public void HeadMaskKeepsLargestComponentAndFillsHoles()
    {
        int n = 20;
        var v = new float[n * n * n];
        float At(int x, int y, int z) => v[x + n * (y + n * z)];
        void Set(int x, int y, int z, float val) => v[x + n * (y + n * z)] = val;
        for (int z = 2; z < 12; z++) for (int y = 2; y < 12; y++) for (int x = 2; x < 12; x++) Set(x, y, z, 100);   // head
        for (int z = 5; z < 8; z++) for (int y = 5; y < 8; y++) for (int x = 5; x < 8; x++) Set(x, y, z, 0);      // hole
        for (int z = 0; z < n; z++) Set(18, 18, z, 100);                                                       // head-rest rod
        var mask = HeadMask.Compute(new Volume(v, [n, n, n], Volume.DiagonalAffine(1, 1, 1)), 50);
        Assert.True(mask[6 + n * (6 + n * 6)]);                   // hole filled
        Assert.False(mask[18 + n * (18 + n * 3)]);               // rod dropped
        Assert.Equal(10 * 10 * 10, mask.Count(m => m));
        Assert.Equal(0, At(0, 0, 0));
        var box = HeadMask.BoundingBox(mask, [n, n, n])!.Value;
        Assert.Equal([2, 2, 2], box.Min);
        Assert.Equal([11, 11, 11], box.Max);
    }

    [Fact]
    public void AugmentationIsDeterministicBySeedAndIdentityWhenDisabled()
    {
        using var x = torch.rand([4, 1, 16, 16], generator: new torch.Generator(1)) * 2 - 1;
        var (a, ra) = Augmentation.Apply(x, new AugmentationOptions(), seed: 7);
        var (b, rb) = Augmentation.Apply(x, new AugmentationOptions(), seed: 7);
        var (c, _) = Augmentation.Apply(x, new AugmentationOptions(), seed: 8);
        using (a) using (b) using (c)
        {
            Assert.Equal(ra, rb);
            Assert.True(a.allclose(b, rtol: 0, atol: 0));
            Assert.False(a.allclose(c, rtol: 0, atol: 0));
            Assert.All(ra, r => Assert.InRange(r.RotationDegrees, -10, 10));
            Assert.All(ra, r => Assert.InRange(r.Scale, 0.9, 1.1));
            Assert.True(a.min().item<float>() >= -1.0001f && a.max().item<float>() <= 1.0001f);
        }
        var (id, _) = Augmentation.Apply(x, AugmentationOptions.None, seed: 1);
        using (id) Assert.True(id.allclose(x, atol: 1e-5));
    }

    [Fact]
    public void FlipOnlyMirrorsColumns()
    {
        using var x = torch.arange(16, dtype: torch.float32).reshape(1, 1, 4, 4) / 8 - 1;
        var opts = new AugmentationOptions(true, 0, 1, 1, 0);
        for (int seed = 0; seed < 10; seed++)
        {
            var (y, rec) = Augmentation.Apply(x, opts, seed);
            using (y)
            {
                using var expected = rec[0].Flipped ? x.flip(3) : x.alias();
                Assert.True(y.allclose(expected, atol: 1e-5));
            }
        }
    }
}
