using SkiaSharp;
using TidyGan.Data;

namespace TidyGan.TuringTest.Tests;

public class StudyPngTests
{
    [Fact]
    public void DecodesBackToTheSamePixelsWithTwoIndependentDecoders()
    {
        int w = 300, h = 230;                                     // > 65535 bytes of scanlines: several stored blocks
        var pixels = new byte[w * h];
        new Random(3).NextBytes(pixels);
        var png = StudyPng.EncodeGrey8(pixels, w, h);
        string file = Path.Combine(Path.GetTempPath(), $"studypng-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);
        try
        {
            var ours = PngIO.Read(file);
            Assert.Equal((w, h, 1, 8), (ours.Width, ours.Height, ours.Channels, ours.BitDepth));
            Assert.Equal(pixels.Select(p => (float)p), ours.Pixels);
        }
        finally { File.Delete(file); }
        using var skia = SKBitmap.Decode(png);
        Assert.Equal(w, skia.Width);
        for (int i = 0; i < 500; i++)
        {
            int x = (i * 37) % w, y = (i * 91) % h;
            Assert.Equal(pixels[y * w + x], skia.GetPixel(x, y).Red);
        }
    }

    [Fact]
    public void EveryImageOfASizeHasTheSameLengthAndOnlyTheThreeCriticalChunks()
    {
        var flat = new byte[64 * 64];
        var noise = new byte[64 * 64];
        new Random(1).NextBytes(noise);
        var a = StudyPng.EncodeGrey8(flat, 64, 64);
        var b = StudyPng.EncodeGrey8(noise, 64, 64);
        Assert.Equal(a.Length, b.Length);                          // Content-Length cannot tell smooth from noisy images
        Assert.Equal(["IHDR", "IDAT", "IEND"], Chunks(a));
        Assert.Equal(["IHDR", "IDAT", "IEND"], Chunks(b));
    }

    private static List<string> Chunks(byte[] png)
    {
        var names = new List<string>();
        for (int at = 8; at < png.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            names.Add(System.Text.Encoding.ASCII.GetString(png, at + 4, 4));
            at += 12 + length;
        }
        return names;
    }
}
