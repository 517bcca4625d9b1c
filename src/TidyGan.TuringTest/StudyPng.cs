using System.Buffers.Binary;

namespace TidyGan.TuringTest;

/// <summary>
/// The one PNG encoder of a study: 8-bit grey, no ancillary chunks (no text, time, gamma or physical size),
/// and deflate "stored" blocks (no compression). Stored blocks make every image of a study exactly the same
/// number of bytes, so Content-Length cannot tell a smooth synthetic image from a noisy real one.
/// </summary>
public static class StudyPng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>PNG bytes of a row-major 8-bit grey image.</summary>
    public static byte[] EncodeGrey8(ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width}x{height} image", nameof(pixels));
        // Scanlines, each behind filter byte 0 (none).
        var raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) pixels.Slice(y * width, width).CopyTo(raw.AsSpan(y * (width + 1) + 1));

        using var png = new MemoryStream();
        png.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;                                              // bit depth
        ihdr[9] = 0;                                              // colour type: grey
        Chunk(png, "IHDR"u8, ihdr);
        Chunk(png, "IDAT"u8, StoredZlib(raw));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>A zlib stream of stored (uncompressed) deflate blocks: its length depends only on the input's.</summary>
    private static byte[] StoredZlib(byte[] data)
    {
        const int maxBlock = 65535;
        int blocks = Math.Max(1, (data.Length + maxBlock - 1) / maxBlock);
        var z = new byte[2 + blocks * 5 + data.Length + 4];
        z[0] = 0x78; z[1] = 0x01;                                  // deflate, 32K window, no dictionary, fastest
        int at = 2;
        for (int b = 0, offset = 0; b < blocks; b++)
        {
            int length = Math.Min(maxBlock, data.Length - offset);
            z[at++] = (byte)(b == blocks - 1 ? 1 : 0);             // BFINAL, BTYPE = 00 (stored)
            BinaryPrimitives.WriteUInt16LittleEndian(z.AsSpan(at), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(z.AsSpan(at + 2), (ushort)~length);
            at += 4;
            data.AsSpan(offset, length).CopyTo(z.AsSpan(at));
            at += length;
            offset += length;
        }
        uint a = 1, s = 0;                                         // Adler-32
        foreach (byte v in data) { a = (a + v) % 65521; s = (s + a) % 65521; }
        BinaryPrimitives.WriteUInt32BigEndian(z.AsSpan(at), s << 16 | a);
        return z;
    }

    private static void Chunk(Stream s, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        s.Write(four);
        s.Write(type);
        s.Write(data);
        uint crc = Crc(type, data);
        BinaryPrimitives.WriteUInt32BigEndian(four, crc);
        s.Write(four);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        uint c = 0xffffffffu;
        foreach (byte b in type) c = CrcTable[(c ^ b) & 0xff] ^ (c >> 8);
        foreach (byte b in data) c = CrcTable[(c ^ b) & 0xff] ^ (c >> 8);
        return c ^ 0xffffffffu;
    }
}
