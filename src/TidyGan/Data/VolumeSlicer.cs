namespace TidyGan.Data;

/// <summary>
/// Cuts 2-D slices out of a volume by anatomical plane. The affine decides which voxel axis is closest to
/// L-R, A-P and S-I, so the same code works for RAS, LPS, or InVesalius' array order. Display convention
/// (radiological): axial anterior up, coronal and sagittal superior up; patient left on image right for
/// axial/coronal; anterior on image left for sagittal. Slice index k runs along the positive world axis
/// (axial: inferior → superior, coronal: posterior → anterior, sagittal: right → left... i.e. increasing x).
/// </summary>
public static class VolumeSlicer
{
    /// <summary>Voxel axis closest to world x, y and z, and whether index and world coordinate grow together.</summary>
    public static (int[] VoxelAxisOfWorld, bool[] Positive) Orientation(double[,] affine)
    {
        var cos = new double[3, 3];                     // |direction cosine| of voxel axis v along world axis w
        for (int v = 0; v < 3; v++)
        {
            double norm = Math.Sqrt(affine[0, v] * affine[0, v] + affine[1, v] * affine[1, v] + affine[2, v] * affine[2, v]);
            for (int w = 0; w < 3; w++) cos[w, v] = norm == 0 ? (w == v ? 1 : 0) : Math.Abs(affine[w, v]) / norm;
        }
        int[][] perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        int[] best = perms[0];
        double bestScore = double.NegativeInfinity;
        foreach (var p in perms)
        {
            double score = cos[0, p[0]] + cos[1, p[1]] + cos[2, p[2]];
            if (score > bestScore + 1e-12) (best, bestScore) = (p, score);
        }
        var positive = new bool[3];
        for (int w = 0; w < 3; w++) positive[w] = affine[w, best[w]] >= 0;
        return (best, positive);
    }

    /// <summary>World axes (0 = x, 1 = y, 2 = z) of the slice normal, the image rows and the image columns.</summary>
    private static (int Normal, int Row, int Column) WorldAxes(SliceAxis axis) => axis switch
    {
        SliceAxis.Axial => (2, 1, 0),
        SliceAxis.Coronal => (1, 2, 0),
        _ => (0, 2, 1),
    };

    /// <summary>Number of slices along a plane's normal.</summary>
    public static int SliceCount(Volume volume, SliceAxis axis)
    {
        var (map, _) = Orientation(volume.Affine);
        return volume.Shape[map[WorldAxes(axis).Normal]];
    }

    /// <summary>Geometry of the slices (spacing; origin of slice 0's top-left pixel).</summary>
    public static SliceGeometry Geometry(Volume volume, SliceAxis axis)
    {
        var (map, _) = Orientation(volume.Affine);
        var (n, r, c) = WorldAxes(axis);
        var origin = ToWorld(volume, axis, 0, 0, 0);
        return new SliceGeometry(axis, volume.Spacing[map[r]], volume.Spacing[map[c]], volume.Spacing[map[n]], [origin.X, origin.Y, origin.Z]);
    }

    /// <summary>Continuous voxel coordinates of slice position (k, row, col), display orientation.</summary>
    public static (double I, double J, double K) ToVoxel(Volume volume, SliceAxis axis, double k, double row, double col)
    {
        var (map, positive) = Orientation(volume.Affine);
        var (n, r, c) = WorldAxes(axis);
        var ijk = new double[3];
        // Rows go down: against world z (superior up) or world y (anterior up). Columns go against world x
        // (patient left on the right) and, for sagittal, against world y (anterior on the left).
        ijk[map[n]] = positive[n] ? k : volume.Shape[map[n]] - 1 - k;
        ijk[map[r]] = positive[r] ? volume.Shape[map[r]] - 1 - row : row;
        ijk[map[c]] = positive[c] ? volume.Shape[map[c]] - 1 - col : col;
        return (ijk[0], ijk[1], ijk[2]);
    }

    public static (double X, double Y, double Z) ToWorld(Volume volume, SliceAxis axis, double k, double row, double col)
    {
        var (i, j, kk) = ToVoxel(volume, axis, k, row, col);
        return volume.ToWorld(i, j, kk);
    }

    /// <summary>Slice k (in world order) as a row-major [height, width] array.</summary>
    public static float[] Slice(Volume volume, SliceAxis axis, int k, out int height, out int width, int frame = 0)
    {
        var (map, positive) = Orientation(volume.Affine);
        var (n, r, c) = WorldAxes(axis);
        int[] strides = [1, volume.Shape[0], volume.Shape[0] * volume.Shape[1]];
        int count = volume.Shape[map[n]];
        if (k < 0 || k >= count) throw new ArgumentOutOfRangeException(nameof(k), $"slice {k} of {count}");
        height = volume.Shape[map[r]];
        width = volume.Shape[map[c]];
        int voxK = positive[n] ? k : count - 1 - k;
        long start = (long)frame * volume.VoxelsPerFrame + (long)voxK * strides[map[n]];
        // Walk rows/columns backwards along a voxel axis when the display direction opposes it.
        long rowStep = positive[r] ? -strides[map[r]] : strides[map[r]];
        long colStep = positive[c] ? -strides[map[c]] : strides[map[c]];
        if (positive[r]) start += (long)(height - 1) * strides[map[r]];
        if (positive[c]) start += (long)(width - 1) * strides[map[c]];
        var result = new float[height * width];
        var src = volume.Voxels;
        for (int y = 0; y < height; y++)
        {
            long p = start + y * rowStep;
            for (int x = 0; x < width; x++, p += colStep) result[y * width + x] = src[p];
        }
        return result;
    }

    /// <summary>The inverse of <see cref="Slice"/>: writes a row-major [height, width] slice k back into the volume's voxels.</summary>
    public static void SetSlice(Volume volume, SliceAxis axis, int k, ReadOnlySpan<float> slice)
    {
        var (map, positive) = Orientation(volume.Affine);
        var (n, r, c) = WorldAxes(axis);
        int[] strides = [1, volume.Shape[0], volume.Shape[0] * volume.Shape[1]];
        int count = volume.Shape[map[n]], height = volume.Shape[map[r]], width = volume.Shape[map[c]];
        if (k < 0 || k >= count) throw new ArgumentOutOfRangeException(nameof(k), $"slice {k} of {count}");
        if (slice.Length != height * width) throw new ArgumentException($"slice has {slice.Length} pixels, the volume's are {height}×{width}", nameof(slice));
        long start = (long)(positive[n] ? k : count - 1 - k) * strides[map[n]];
        long rowStep = positive[r] ? -strides[map[r]] : strides[map[r]];
        long colStep = positive[c] ? -strides[map[c]] : strides[map[c]];
        if (positive[r]) start += (long)(height - 1) * strides[map[r]];
        if (positive[c]) start += (long)(width - 1) * strides[map[c]];
        var dst = volume.Voxels;
        for (int y = 0; y < height; y++)
        {
            long p = start + y * rowStep;
            for (int x = 0; x < width; x++, p += colStep) dst[p] = slice[y * width + x];
        }
    }
}
