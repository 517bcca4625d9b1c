using System.Buffers.Binary;

namespace TidyGan.Data;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): each frame is a 64-byte header (segment count, up to 15 offsets) and PackBits
/// segments, one per byte plane, most significant byte first, sample after sample. Decodes into native layout
/// (samples interleaved per pixel, little endian).
/// </summary>
public static class DicomRle
{
    public static void DecodeFrame(string file, ReadOnlySpan<byte> frame, int pixels, int samples, int bytesPerSample, Span<byte> output)
    {
        const string field = "PixelData (7FE0,0010)";
        if (frame.Length < 64) throw new DataFormatException(file, field, $"RLE frame of {frame.Length} bytes is shorter than its 64-byte header");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        int expected = samples * bytesPerSample;
        if (count != expected) throw new DataFormatException(file, field, $"RLE frame has {count} segments, expected {expected} (samples × bytes per sample)");
        var plane = new byte[pixels];
        for (int s = 0; s < count; s++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + 4 * s)..]);
            uint stop = s + 1 < count ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + 4 * s)..]) : (uint)frame.Length;
            if (start < 64 || start > stop || stop > frame.Length)
                throw new DataFormatException(file, field, $"RLE segment {s} offsets {start}..{stop} lie outside the {frame.Length}-byte frame");
            Array.Clear(plane);
            DecodeSegment(file, frame[(int)start..(int)stop], plane);
            int sample = s / bytesPerSample, significance = bytesPerSample - 1 - s % bytesPerSample;   // segment 0 = MSB
            int stride = samples * bytesPerSample, offset = sample * bytesPerSample + significance;
            for (int p = 0; p < pixels; p++) output[p * stride + offset] = plane[p];
        }
    }

    /// <summary>PackBits: n in 0..127 copies n+1 literal bytes, n in -127..-1 repeats the next byte 1-n times, -128 is a no-op.</summary>
    private static void DecodeSegment(string file, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int i = 0, o = 0;
        while (i < src.Length && o < dst.Length)
        {
            int n = (sbyte)src[i++];
            if (n >= 0)
            {
                int len = Math.Min(n + 1, Math.Min(src.Length - i, dst.Length - o));
                src.Slice(i, len).CopyTo(dst[o..]);
                i += n + 1;
                o += len;
            }
            else if (n != -128)
            {
                if (i >= src.Length) break;
                int len = Math.Min(1 - n, dst.Length - o);
                dst.Slice(o, len).Fill(src[i++]);
                o += len;
            }
        }
        if (o < dst.Length) throw new DataFormatException(file, "PixelData (7FE0,0010)", $"RLE segment decodes to {o} bytes, expected {dst.Length}");
    }
}
