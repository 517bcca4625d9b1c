using System.Buffers.Binary;

namespace TidyGan.Data;

/// <summary>
/// Decoded pixel data of one DICOM file: <see cref="Native"/> holds the stored values little endian, samples
/// interleaved per pixel (planar configuration 0), frame after frame, row after row. <see cref="Stored"/> applies
/// Bits Stored and Pixel Representation (masking and sign extension); nothing else (no rescale, no photometric change).
/// </summary>
public sealed class DicomPixels
{
    internal DicomPixels(int rows, int columns, int frames, int samples, string photometric, int bitsAllocated, int bitsStored, bool signed, byte[] native)
    {
        Rows = rows; Columns = columns; Frames = frames; Samples = samples; Photometric = photometric;
        BitsAllocated = bitsAllocated; BitsStored = bitsStored; Signed = signed; Native = native;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int Frames { get; }
    public int Samples { get; }
    public string Photometric { get; }
    public int BitsAllocated { get; }
    public int BitsStored { get; }
    public bool Signed { get; }
    public byte[] Native { get; }

    public int BytesPerSample => BitsAllocated / 8;
    public long Count => (long)Rows * Columns * Frames * Samples;

    /// <summary>The stored value of sample <paramref name="i"/> (in frame, row, column, sample order).</summary>
    public double Stored(long i)
    {
        var s = Native.AsSpan((int)(i * BytesPerSample), BytesPerSample);
        ulong raw = BitsAllocated switch
        {
            8 => s[0],
            16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(s),
        };
        ulong mask = BitsStored >= 64 ? ulong.MaxValue : (1UL << BitsStored) - 1;
        raw &= mask;
        if (Signed && (raw >> (BitsStored - 1) & 1) == 1) return (long)raw - (1L << BitsStored);
        return raw;
    }

    /// <summary>All stored values (frame, row, column, sample order): for tests and small images.</summary>
    public double[] StoredValues()
    {
        var r = new double[Count];
        for (long i = 0; i < r.Length; i++) r[i] = Stored(i);
        return r;
    }

    /// <summary>Smallest and largest value Bits Stored can hold, for MONOCHROME1 inversion.</summary>
    public (double Min, double Max) StoredRange() =>
        Signed ? (-(1L << (BitsStored - 1)), (1L << (BitsStored - 1)) - 1) : (0, (1L << BitsStored) - 1);

    /// <summary>
    /// Frame <paramref name="frame"/> as one grey value per pixel (row-major): the sample itself for monochrome, the
    /// luma for colour (Y of YBR, 0.299 R + 0.587 G + 0.114 B for RGB).
    /// </summary>
    public double[] GreyFrame(int frame)
    {
        int pixels = Rows * Columns;
        var grey = new double[pixels];
        long start = (long)frame * pixels * Samples;
        bool rgb = Samples == 3 && !Photometric.StartsWith("YBR", StringComparison.Ordinal);
        for (int p = 0; p < pixels; p++)
        {
            long i = start + (long)p * Samples;
            grey[p] = Samples == 1 || !rgb ? Stored(i) : 0.299 * Stored(i) + 0.587 * Stored(i + 1) + 0.114 * Stored(i + 2);
        }
        return grey;
    }
}
