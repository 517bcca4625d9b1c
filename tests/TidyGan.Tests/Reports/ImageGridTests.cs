using SkiaSharp;
using TidyGan.Reports;
using static TorchSharp.torch;

namespace TidyGan.Tests.Reports;

public class ImageGridTests
{
    [Theory]
    // N, columns, padding, H, W, upscale → width, height (torchvision make_grid arithmetic)
    [InlineData(1, null, 2, 28, 28, 1, 32, 32)]
    [InlineData(16, null, 2, 28, 28, 1, 8 * 30 + 2, 2 * 30 + 2)]
    [InlineData(10, 4, 2, 8, 6, 1, 4 * 8 + 2, 3 * 10 + 2)]
    [InlineData(3, 8, 0, 5, 7, 1, 21, 5)]
    [InlineData(5, 2, 1, 4, 4, 3, 2 * 13 + 1, 3 * 13 + 1)]
    public void GridSizeFollowsMakeGrid(int n, int? columns, int padding, int h, int w, int upscale, int width, int height)
    {
        using var images = zeros(n, 1, h, w);
        using var bitmap = SKBitmap.Decode(ImageGrid.Encode(images, columns, padding, upscale: upscale));
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.Equal((width, height), ImageGrid.Size(n, columns ?? ImageGrid.DefaultColumns, padding, h * upscale, w * upscale));
    }

    [Fact]
    public void ValuesAreClampedAndMappedLikeSaveImage()
    {
        // four 2x2 gray images: -1, +1, 0, and out-of-range (-5 top row, +5 bottom row)
        using var images = stack([full(1, 2, 2, -1f), full(1, 2, 2, 1f), zeros(1, 2, 2),
            cat([full(1, 1, 2, -5f), full(1, 1, 2, 5f)], dim: 1)]);
        using var bitmap = SKBitmap.Decode(ImageGrid.Encode(images, columns: 2, padding: 1, padValue: 77));
        Assert.Equal((7, 7), (bitmap.Width, bitmap.Height));
        Assert.Equal(Gray(0), bitmap.GetPixel(1, 1));      // image 0 at (1, 1)
        Assert.Equal(Gray(255), bitmap.GetPixel(4, 2));    // image 1 at (4, 1)
        Assert.Equal(Gray(128), bitmap.GetPixel(1, 4));    // 0 → 0.5·255 + 0.5 = 128
        Assert.Equal(Gray(0), bitmap.GetPixel(4, 4));      // −5 clamped
        Assert.Equal(Gray(255), bitmap.GetPixel(5, 5));    // +5 clamped
        Assert.Equal(Gray(77), bitmap.GetPixel(0, 0));     // padding
        Assert.Equal(Gray(77), bitmap.GetPixel(3, 3));
    }

    [Fact]
    public void CustomRangeAndRgbChannels()
    {
        using var image = zeros(1, 3, 2, 2);
        image[0, 0] = tensor(1f);        // red channel at high
        image[0, 2] = tensor(0.5f);      // blue half-way
        using var bitmap = SKBitmap.Decode(ImageGrid.Encode(image, padding: 0, low: 0, high: 1));
        Assert.Equal(new SKColor(255, 0, 128), bitmap.GetPixel(1, 1));
    }

    [Fact]
    public void UpscaleRepeatsPixelsNearestNeighbourRowMajor()
    {
        // [[-1, 1], [0, -1]]: top-right white, bottom-left mid-gray (catches a transposed layout)
        using var image = tensor(new[] { -1f, 1f, 0f, -1f }).reshape(1, 1, 2, 2);
        using var bitmap = SKBitmap.Decode(ImageGrid.Encode(image, padding: 0, upscale: 3));
        Assert.Equal((6, 6), (bitmap.Width, bitmap.Height));
        Assert.Equal(Gray(0), bitmap.GetPixel(2, 2));
        Assert.Equal(Gray(255), bitmap.GetPixel(3, 0));
        Assert.Equal(Gray(255), bitmap.GetPixel(5, 2));
        Assert.Equal(Gray(128), bitmap.GetPixel(0, 5));
        Assert.Equal(Gray(0), bitmap.GetPixel(5, 5));
    }

    [Fact]
    public void SaveIsAtomicAndCreatesTheDirectory()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a", "b", "grid.png");
        using var images = rand(4, 1, 8, 8);
        ImageGrid.Save(images, path);
        ImageGrid.Save(images, path);                    // overwrite works too
        Assert.Equal(["grid.png"], Directory.GetFiles(dir.File("a", "b")).Select(Path.GetFileName));
        Assert.NotNull(SKBitmap.Decode(path));
    }

    [Fact]
    public void SaveEachWritesOnePngPerImage()
    {
        using var dir = new TempDirectory();
        using var images = rand(3, 3, 4, 5);
        var paths = ImageGrid.SaveEach(images, dir.Path, "fake", upscale: 2);
        Assert.Equal(["fake_0000.png", "fake_0001.png", "fake_0002.png"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        using var bitmap = SKBitmap.Decode(paths[2]);
        Assert.Equal((10, 8), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void RowLabelsWidenTheGridAndDrawText()
    {
        using var images = full(6, 1, 28, 28, -1f);
        images[.., .., 8..20, 8..20] = tensor(1f);     // a white square in each image
        var keep = Environment.GetEnvironmentVariable("TIDYGAN_KEEP_GRID");   // for looking at it by eye
        if (!string.IsNullOrEmpty(keep))
            ImageGrid.Save(images, keep, columns: 3, upscale: 2, rowLabels: ["T-shirt", "Ankle boot"], padValue: 40);
        using var plain = SKBitmap.Decode(ImageGrid.Encode(images, columns: 3, upscale: 2));
        using var labelled = SKBitmap.Decode(ImageGrid.Encode(images, columns: 3, upscale: 2, rowLabels: ["T-shirt", "Ankle boot"]));
        int extra = labelled.Width - plain.Width;
        Assert.True(extra > 20, $"label column only {extra} px");
        Assert.Equal(plain.Height, labelled.Height);
        int bright = 0;                                  // white text on black padding in the label column
        for (int y = 0; y < labelled.Height; y++)
            for (int x = 0; x < extra; x++)
                if (labelled.GetPixel(x, y).Red > 128) bright++;
        Assert.True(bright > 50, $"only {bright} text pixels in the label column");
    }

    [Theory]
    [InlineData(new long[] { 2, 2, 4, 4 })]              // 2 channels
    [InlineData(new long[] { 4, 4 })]                    // 2-D
    public void RejectsBadShapes(long[] shape)
    {
        using var images = zeros(shape);
        Assert.Throws<ArgumentException>(() => ImageGrid.Encode(images));
    }

    [Fact]
    public void RowLabelCountMustMatchRows()
    {
        using var images = zeros(4, 1, 4, 4);
        Assert.Throws<ArgumentException>(() => ImageGrid.Encode(images, columns: 2, rowLabels: ["one"]));
    }

    private static SKColor Gray(byte v) => new(v, v, v);
}
