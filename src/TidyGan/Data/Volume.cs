namespace TidyGan.Data;

/// <summary>
/// A 3-D or 4-D image in NIfTI order: <see cref="Voxels"/> holds scaled (physical) values with x fastest, then
/// y, z and t; <see cref="Affine"/> maps voxel indices (x, y, z, 1) to world millimetres (RAS+, as NIfTI).
/// </summary>
public sealed class Volume
{
    public Volume(float[] voxels, int[] shape, double[,] affine, IntensityKind kind = IntensityKind.Unknown,
        NiftiDataType sourceDataType = NiftiDataType.Float32, string source = "", double[]? spacing = null)
    {
        if (shape.Length is < 3 or > 4) throw new ArgumentException("shape must have 3 or 4 dimensions", nameof(shape));
        if (shape.Any(s => s <= 0)) throw new ArgumentException("dimensions must be positive", nameof(shape));
        long count = shape.Aggregate(1L, (a, s) => a * s);
        if (count != voxels.Length)
            throw new ArgumentException($"{voxels.Length} voxels do not fill shape [{string.Join(", ", shape)}]", nameof(voxels));
        if (affine.GetLength(0) != 4 || affine.GetLength(1) != 4) throw new ArgumentException("affine must be 4x4", nameof(affine));
        Voxels = voxels;
        Shape = (int[])shape.Clone();
        Affine = (double[,])affine.Clone();
        Spacing = spacing is null ? SpacingFromAffine(affine, shape.Length) : (double[])spacing.Clone();
        if (Spacing.Length != shape.Length) throw new ArgumentException("spacing needs one value per axis", nameof(spacing));
        Kind = kind;
        SourceDataType = sourceDataType;
        Source = source;
    }

    /// <summary>Scaled voxel values (after scl_slope/scl_inter), x fastest.</summary>
    public float[] Voxels { get; }

    /// <summary>x, y, z[, t].</summary>
    public int[] Shape { get; }

    /// <summary>4×4 voxel → world (mm, RAS+).</summary>
    public double[,] Affine { get; }

    /// <summary>Size of a voxel along each axis (mm; seconds for t).</summary>
    public double[] Spacing { get; }

    public IntensityKind Kind { get; }

    /// <summary>On-disk type it came from, so a writer can keep it.</summary>
    public NiftiDataType SourceDataType { get; }

    /// <summary>Where it came from (file path), for error messages.</summary>
    public string Source { get; }

    public int SizeX => Shape[0];
    public int SizeY => Shape[1];
    public int SizeZ => Shape[2];
    public int Frames => Shape.Length > 3 ? Shape[3] : 1;
    public int VoxelsPerFrame => Shape[0] * Shape[1] * Shape[2];

    public int Index(int x, int y, int z, int t = 0) => x + Shape[0] * (y + Shape[1] * (z + Shape[2] * t));

    public float this[int x, int y, int z, int t = 0]
    {
        get => Voxels[Index(x, y, z, t)];
        set => Voxels[Index(x, y, z, t)] = value;
    }

    /// <summary>One 3-D frame of a 4-D volume (a copy).</summary>
    public Volume Frame(int t)
    {
        if (t < 0 || t >= Frames) throw new ArgumentOutOfRangeException(nameof(t));
        var data = Voxels.AsSpan(t * VoxelsPerFrame, VoxelsPerFrame).ToArray();
        return new Volume(data, Shape[..3], Affine, Kind, SourceDataType, Source, Spacing[..3]);
    }

    /// <summary>Same geometry, new values (e.g. after masking).</summary>
    public Volume WithVoxels(float[] voxels, IntensityKind? kind = null) =>
        new(voxels, Shape, Affine, kind ?? Kind, SourceDataType, Source, Spacing);

    /// <summary>A 2-D slice in display orientation (see <see cref="VolumeSlicer"/>), row-major [height, width].</summary>
    public float[] Slice(SliceAxis axis, int index, out int height, out int width) =>
        VolumeSlicer.Slice(this, axis, index, out height, out width);

    /// <summary>World position (mm) of a voxel index.</summary>
    public (double X, double Y, double Z) ToWorld(double i, double j, double k) => (
        Affine[0, 0] * i + Affine[0, 1] * j + Affine[0, 2] * k + Affine[0, 3],
        Affine[1, 0] * i + Affine[1, 1] * j + Affine[1, 2] * k + Affine[1, 3],
        Affine[2, 0] * i + Affine[2, 1] * j + Affine[2, 2] * k + Affine[2, 3]);

    /// <summary>Min, max and mean of the scaled values, accumulated in double.</summary>
    public (double Min, double Max, double Mean) Statistics() => VoxelStatistics.Of(Voxels);

    /// <summary>Column norms of the affine's 3×3 part; 1 for a 4th axis.</summary>
    public static double[] SpacingFromAffine(double[,] affine, int dims)
    {
        var s = new double[dims];
        for (int c = 0; c < dims; c++)
            s[c] = c < 3 ? Math.Sqrt(affine[0, c] * affine[0, c] + affine[1, c] * affine[1, c] + affine[2, c] * affine[2, c]) : 1;
        return s;
    }

    /// <summary>diag(spacing) with the origin at voxel 0.</summary>
    public static double[,] DiagonalAffine(params double[] spacing)
    {
        var a = new double[4, 4];
        for (int i = 0; i < 3; i++) a[i, i] = i < spacing.Length ? spacing[i] : 1;
        a[3, 3] = 1;
        return a;
    }
}
