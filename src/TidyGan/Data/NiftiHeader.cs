namespace TidyGan.Data;

/// <summary>
/// Every NIfTI-1/NIfTI-2 header field, widened to one type (NIfTI-2's int64/double) so callers need not care
/// which version the file was. <see cref="Affine"/> is the one nibabel's <c>img.affine</c> returns.
/// </summary>
public sealed record NiftiHeader
{
    /// <summary>1 or 2.</summary>
    public required int Version { get; init; }
    public required bool BigEndian { get; init; }
    /// <summary>348 or 540.</summary>
    public required int SizeOfHeader { get; init; }
    /// <summary>"n+1", "ni1", "n+2", "ni2": '+' means header and data in one file.</summary>
    public required string Magic { get; init; }
    public bool SingleFile => Magic.Length > 1 && Magic[1] == '+';
    public byte DimInfo { get; init; }
    /// <summary>dim[0..7]: dim[0] is the number of dimensions.</summary>
    public required long[] Dim { get; init; }
    public double IntentP1 { get; init; }
    public double IntentP2 { get; init; }
    public double IntentP3 { get; init; }
    public int IntentCode { get; init; }
    public string IntentName { get; init; } = "";
    /// <summary>Raw datatype code; <see cref="DataType"/> when supported.</summary>
    public required int DataTypeCode { get; init; }
    public NiftiDataType DataType => (NiftiDataType)DataTypeCode;
    public int BitPix { get; init; }
    public long SliceStart { get; init; }
    public long SliceEnd { get; init; }
    public int SliceCode { get; init; }
    /// <summary>pixdim[0..7]: pixdim[0] is qfac (±1), pixdim[1..3] voxel size, pixdim[4] TR.</summary>
    public required double[] PixDim { get; init; }
    public required double VoxOffset { get; init; }
    public double SclSlope { get; init; }
    public double SclInter { get; init; }
    public int XyztUnits { get; init; }
    public double CalMax { get; init; }
    public double CalMin { get; init; }
    public double SliceDuration { get; init; }
    public double TOffset { get; init; }
    public string Description { get; init; } = "";
    public string AuxFile { get; init; } = "";
    public int QformCode { get; init; }
    public int SformCode { get; init; }
    public double QuaternB { get; init; }
    public double QuaternC { get; init; }
    public double QuaternD { get; init; }
    public double QOffsetX { get; init; }
    public double QOffsetY { get; init; }
    public double QOffsetZ { get; init; }
    public required double[] SRowX { get; init; }
    public required double[] SRowY { get; init; }
    public required double[] SRowZ { get; init; }

    /// <summary>Image shape as nibabel reports it (dim[1..dim[0]]), at least 3 entries.</summary>
    public int[] Shape
    {
        get
        {
            int n = (int)Math.Clamp(Dim[0], 1, 7);
            var shape = new int[Math.Max(n, 3)];
            for (int i = 0; i < shape.Length; i++) shape[i] = i < n ? (int)Dim[i + 1] : 1;
            return shape;
        }
    }

    /// <summary>qfac as nibabel uses it: pixdim[0] when it is ±1, else 1.</summary>
    public double Qfac => PixDim[0] is 1 or -1 ? PixDim[0] : 1;

    /// <summary>Whether scl_slope/scl_inter apply (nibabel: slope 0 or non-finite means "no scaling").</summary>
    public bool HasScaling => SclSlope != 0 && double.IsFinite(SclSlope);

    /// <summary>
    /// nibabel's <c>get_best_affine</c>: sform when sform_code ≠ 0, else qform when qform_code ≠ 0, else the
    /// Analyze base affine (x flipped, origin at the volume centre).
    /// </summary>
    public double[,] Affine => SformCode != 0 ? NiftiAffine.FromSform(this)
        : QformCode != 0 ? NiftiAffine.FromQform(this)
        : NiftiAffine.Base(this);
}
