namespace TidyGan.IO;

/// <summary>The element types TidyGan reads and writes in .npy files: little-endian float32 ('&lt;f4') and float64 ('&lt;f8').</summary>
public enum NpyType
{
    Float32,
    Float64,
}
