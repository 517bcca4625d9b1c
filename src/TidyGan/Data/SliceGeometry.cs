namespace TidyGan.Data;

/// <summary>
/// Where a stack of 2-D slices sits in the world, so generated slices can be written back as NIfTI:
/// pixel spacing (mm) along rows and columns, the distance between slices, and the world position (mm, RAS)
/// of the top-left pixel of slice 0. Display convention as in <see cref="VolumeSlicer"/>.
/// </summary>
public sealed record SliceGeometry(SliceAxis Axis, double RowSpacing, double ColumnSpacing, double SliceSpacing, double[] Origin)
{
    /// <summary>
    /// Affine of a volume whose voxel x = image column, y = image row, z = slice index (the layout
    /// <see cref="SliceStack.ToVolume"/> writes). Assumes the source volume was axis-aligned (no obliquity).
    /// </summary>
    public double[,] StackAffine()
    {
        var a = NiftiAffine.Identity();
        // World axis (0 = x, 1 = y, 2 = z) and sign of image column, row and slice directions.
        var (col, row, normal) = Axis switch
        {
            SliceAxis.Axial => ((0, -1.0), (1, -1.0), (2, 1.0)),
            SliceAxis.Coronal => ((0, -1.0), (2, -1.0), (1, 1.0)),
            _ => ((1, -1.0), (2, -1.0), (0, 1.0)),
        };
        for (int i = 0; i < 3; i++) a[i, 0] = a[i, 1] = a[i, 2] = 0;
        a[col.Item1, 0] = col.Item2 * ColumnSpacing;
        a[row.Item1, 1] = row.Item2 * RowSpacing;
        a[normal.Item1, 2] = normal.Item2 * SliceSpacing;
        for (int i = 0; i < 3; i++) a[i, 3] = Origin.Length > i ? Origin[i] : 0;
        return a;
    }
}
