namespace TidyGan.Data;

/// <summary>NIfTI datatype codes (nifti1.h) that TidyGan reads and writes.</summary>
public enum NiftiDataType : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
}

public static class NiftiDataTypes
{
    public static bool IsSupported(int code) => Enum.IsDefined(typeof(NiftiDataType), (short)code) && code is > 0 and <= short.MaxValue;

    public static int BytesPerVoxel(this NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported NIfTI datatype"),
    };

    public static bool IsInteger(this NiftiDataType type) => type is not (NiftiDataType.Float32 or NiftiDataType.Float64);

    /// <summary>Value range of an integer type (used to clamp when writing).</summary>
    public static (double Min, double Max) Range(this NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => (byte.MinValue, byte.MaxValue),
        NiftiDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        NiftiDataType.Int16 => (short.MinValue, short.MaxValue),
        NiftiDataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        NiftiDataType.Int32 => (int.MinValue, int.MaxValue),
        NiftiDataType.Float32 => (float.MinValue, float.MaxValue),
        _ => (double.MinValue, double.MaxValue),
    };

    /// <summary>numpy-style name ("uint8", "int16", "float32"), as nibabel prints it.</summary>
    public static string Name(this NiftiDataType type) => type.ToString().ToLowerInvariant();
}
