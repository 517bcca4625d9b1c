using System.IO.Compression;
using TidyGan.Data;

namespace TidyGan.Tests.Data;

public class IdxAndPngTests
{
    [Trait(Traits.Category, Traits.PythonReference)]
    [Theory]
    [InlineData("train", 60000)]
    [InlineData("t10k", 10000)]
    [Trait(Traits.Category, Traits.Slow)]
    public void FashionMnistCountsAndLabelsMatchNumpy(string split, int count)
    {
        var images = IdxReader.Read(RealData.FashionMnist + $"{split}-images-idx3-ubyte.gz");
        var labels = IdxReader.Read(RealData.FashionMnist + $"{split}-labels-idx1-ubyte.gz");
        Assert.Equal([count, 28, 28], images.Shape);
        Assert.Equal([count], labels.Shape);
        var py = Python.Json("""
            import gzip, json, sys, numpy as np
            l = np.frombuffer(gzip.open(sys.argv[1]).read()[8:], dtype=np.uint8)
            i = np.frombuffer(gzip.open(sys.argv[2]).read()[16:], dtype=np.uint8)
            print(json.dumps({'hist': np.bincount(l, minlength=10).tolist(), 'sum': int(i.astype(np.int64).sum())}))
            """, RealData.FashionMnist + $"{split}-labels-idx1-ubyte.gz", RealData.FashionMnist + $"{split}-images-idx3-ubyte.gz");
        var hist = new int[10];
        foreach (var l in labels.Data) hist[l]++;
        Assert.Equal(py.GetProperty("hist").EnumerateArray().Select(e => e.GetInt32()), hist);
        Assert.Equal(py.GetProperty("sum").GetInt64(), images.Data.Sum(b => (long)b));
    }

    [Fact]
    public void IdxRoundTripAndTruncation()
    {
        using var dir = new TempDir();
        byte[] header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];
        var body = Enumerable.Range(0, 24).Select(i => (byte)(i * 7)).ToArray();
        using (var f = File.Create(dir.File("a.idx.gz")))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
        {
            gz.Write(header);
            gz.Write(body);
        }
        var a = IdxReader.Read(dir.File("a.idx.gz"));
        Assert.Equal([2, 3, 4], a.Shape);
        Assert.Equal(body, a.Data);

        File.WriteAllBytes(dir.File("short.idx"), [.. header, .. body[..10]]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(dir.File("short.idx")));
        Assert.Equal("data", e.Field);
        File.WriteAllBytes(dir.File("magic.idx"), [1, 2, 3, 4]);
        Assert.Equal("magic", Assert.Throws<DataFormatException>(() => IdxReader.Read(dir.File("magic.idx"))).Field);
    }

    [Fact]
    public void Png16BitGreyKeepsEveryValue()
    {
        using var dir = new TempDir();
        var values = Enumerable.Range(0, 64 * 32).Select(i => (ushort)(i * 31 % 65536)).ToArray();
        values[0] = 65535;
        PngIO.Write16(dir.File("a.png"), values, 64, 32);
        var img = PngIO.Read(dir.File("a.png"));
        Assert.Equal((64, 32, 1, 16), (img.Width, img.Height, img.Channels, img.BitDepth));
        Assert.Equal(values.Select(v => (float)v), img.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Png8BitRoundTripAndSkiaAgrees(int channels)
    {
        using var dir = new TempDir();
        var values = Enumerable.Range(0, 7 * 5 * channels).Select(i => (byte)(i * 13)).ToArray();
        PngIO.Write8(dir.File("a.png"), values, 7, 5, channels);
        var img = PngIO.Read(dir.File("a.png"));
        Assert.Equal(values.Select(v => (float)v), img.Pixels);
        // Independent decoder: SkiaSharp reads the same pixels.
        using var bmp = SkiaSharp.SKBitmap.Decode(dir.File("a.png"));
        var c = bmp.GetPixel(3, 2);
        int at = (2 * 7 + 3) * channels;
        Assert.Equal(values[at], c.Red);
        Assert.Equal(values[at + channels - 1], c.Blue);
    }

    [Fact]
    public void PaletteFilesFallBackToSkia()
    {
        using var dir = new TempDir();
        using (var bmp = new SkiaSharp.SKBitmap(4, 3))
        {
            bmp.Erase(new SkiaSharp.SKColor(10, 20, 30));
            using var data = bmp.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(dir.File("rgba.png"), data.ToArray());
        }
        var img = PngIO.Read(dir.File("rgba.png"));
        Assert.Equal(3, img.Channels);
        Assert.Equal([10f, 20f, 30f], img.Pixels[..3]);
    }
}
