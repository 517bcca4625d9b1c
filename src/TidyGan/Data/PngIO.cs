using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace TidyGan.Data;

/// <summary>A decoded image: row-major, channels interleaved (1 = grey, 3 = RGB; alpha dropped), values in
/// the file's units (0–255 for 8-bit, 0–65535 for 16-bit).</summary>
public sealed record PngImage(int Width, int Height, int Channels, int BitDepth, float[] Pixels)
{
    public float MaxValue => BitDepth == 16 ? 65535f : 255f;
}

/// <summary>
/// PNG read/write. Non-interlaced 8/16-bit grey, grey+alpha, RGB and RGBA are decoded here (SkiaSharp turns
/// 16-bit grey into 8 bits, losing CT/MR precision); palette, interlaced and low-bit-depth files go through
/// SkiaSharp. Writers produce 8-bit grey/RGB and 16-bit grey with filter 0 and zlib.
/// </summary>
public static class PngIO
{
    /// <summary>Largest image accepted: 2^28 pixels, as for volumes.</summary>
    public const long MaxPixels = 1L << 28;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
            throw new DataFormatException(path, "signature", "is not a PNG signature");
        return TryDecode(bytes, path) ?? DecodeWithSkia(bytes, path);
    }

    private static PngImage? TryDecode(byte[] b, string path)
    {
        int pos = 8, width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
        using var idat = new MemoryStream();
        while (pos + 8 <= b.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(pos));
            string type = Encoding.ASCII.GetString(b, pos + 4, 4);
            if (length < 0 || pos + 12L + length > b.Length) throw new DataFormatException(path, type, "chunk is truncated");
            var data = b.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                if (length < 13) throw new DataFormatException(path, "IHDR", $"is {length} bytes long, not 13");
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                colorType = data[9];
                interlace = data[12];
                if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
                    throw new DataFormatException(path, "IHDR", $"= {width}x{height}: bad image size");
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            pos += 12 + length;
        }
        if (interlace != 0 || depth is not (8 or 16) || colorType is not (0 or 2 or 4 or 6)) return null;
        int samples = colorType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        int bytesPerPixel = samples * depth / 8;
        long expected = height * ((long)width * bytesPerPixel + 1);
        if (expected > Array.MaxLength) throw new DataFormatException(path, "IHDR", $"= {width}x{height}, {depth}-bit: too large to decode");
        int stride = width * bytesPerPixel;
        // Inflated in chunks as the data arrives: a header promising a huge image over a few bytes of IDAT
        // fails after reading what is there, without allocating the promised size.
        byte[] raw;
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
            raw = DataStreams.ReadExactlyChunked(z, expected, path, out long got)
                ?? throw new DataFormatException(path, "IDAT", $"holds {got} bytes, expected {expected}");
        Unfilter(raw, height, stride, bytesPerPixel, path);
        int channels = samples >= 3 ? 3 : 1;                      // drop alpha
        var pixels = new float[(long)width * height * channels];
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1) + 1;
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                {
                    int at = row + (x * samples + c) * depth / 8;
                    pixels[((long)y * width + x) * channels + c] = depth == 16 ? (raw[at] << 8) | raw[at + 1] : raw[at];
                }
        }
        return new PngImage(width, height, channels, depth, pixels);
    }

    private static void Unfilter(byte[] raw, int height, int stride, int bpp, string path)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1);
            byte filter = raw[row];
            for (int i = 0; i < stride; i++)
            {
                int at = row + 1 + i;
                int a = i >= bpp ? raw[at - bpp] : 0;
                int up = y > 0 ? raw[at - stride - 1] : 0;
                int c = y > 0 && i >= bpp ? raw[at - stride - 1 - bpp] : 0;
                raw[at] = filter switch
                {
                    0 => raw[at],
                    1 => (byte)(raw[at] + a),
                    2 => (byte)(raw[at] + up),
                    3 => (byte)(raw[at] + ((a + up) >> 1)),
                    4 => (byte)(raw[at] + Paeth(a, up, c)),
                    _ => throw new DataFormatException(path, "IDAT", $"row {y} has unknown filter {filter}"),
                };
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static PngImage DecodeWithSkia(byte[] bytes, string path)
    {
        // The codec reads the header only: the size is checked before SkiaSharp allocates the pixels.
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new DataFormatException(path, "image", "SkiaSharp cannot decode it");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
            throw new DataFormatException(path, "IHDR", $"= {info.Width}x{info.Height}: bad image size");
        using var bitmap = SKBitmap.Decode(codec) ?? throw new DataFormatException(path, "image", "SkiaSharp cannot decode it");
        int w = bitmap.Width, h = bitmap.Height;
        bool grey = bitmap.ColorType is SKColorType.Gray8;
        var pixels = new float[(long)w * h * (grey ? 1 : 3)];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (grey) pixels[y * w + x] = c.Red;
                else
                {
                    long at = ((long)y * w + x) * 3;
                    pixels[at] = c.Red;
                    pixels[at + 1] = c.Green;
                    pixels[at + 2] = c.Blue;
                }
            }
        return new PngImage(w, h, grey ? 1 : 3, 8, pixels);
    }

    /// <summary>8-bit grey (channels 1) or RGB (channels 3), row-major interleaved.</summary>
    public static void Write8(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels = 1)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), "1 or 3");
        if (pixels.Length != width * height * channels) throw new ArgumentException("pixel count does not match size", nameof(pixels));
        WritePng(path, pixels, width, height, 8, channels == 1 ? (byte)0 : (byte)2, width * channels);
    }

    /// <summary>16-bit grey, row-major.</summary>
    public static void Write16(string path, ReadOnlySpan<ushort> pixels, int width, int height)
    {
        if (pixels.Length != width * height) throw new ArgumentException("pixel count does not match size", nameof(pixels));
        var bytes = new byte[pixels.Length * 2];
        for (int i = 0; i < pixels.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), pixels[i]);
        WritePng(path, bytes, width, height, 16, 0, width * 2);
    }

    /// <summary>Greyscale floats mapped linearly from [lo, hi] to 0–255 (clamped): quick looks at slices.</summary>
    public static void WriteGrey(string path, ReadOnlySpan<float> pixels, int width, int height, float lo, float hi)
    {
        var b = new byte[pixels.Length];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)Math.Clamp(Math.Round((pixels[i] - lo) / (hi - lo) * 255), 0, 255);
        Write8(path, b, width, height);
    }

    private static void WritePng(string path, ReadOnlySpan<byte> data, int width, int height, byte depth, byte colorType, int stride)
    {
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0);                                   // filter: none
                z.Write(data.Slice(y * stride, stride));
            }
        }
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = depth;
        ihdr[9] = colorType;
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var f = File.Create(full);
        f.Write(Signature);
        Chunk(f, "IHDR", ihdr);
        Chunk(f, "IDAT", idat.ToArray());
        Chunk(f, "IEND", []);
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        s.Write(four);
        var t = Encoding.ASCII.GetBytes(type);
        s.Write(t);
        s.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xffffffffu, t), data) ^ 0xffffffffu;
        BinaryPrimitives.WriteUInt32BigEndian(four, crc);
        s.Write(four);
    }

    private static class Crc32
    {
        private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            uint c = (uint)n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (byte b in data) crc = Table[(crc ^ b) & 0xff] ^ (crc >> 8);
            return crc;
        }
    }
}
