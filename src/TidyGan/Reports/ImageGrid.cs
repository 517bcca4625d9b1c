using TidyGan.IO;
using System.Runtime.InteropServices;
using SkiaSharp;
using static TorchSharp.torch;

namespace TidyGan.Reports;

/// <summary>
/// Tiles a batch of images into one PNG, like torchvision.utils.save_image / make_grid: images float
/// [N, C, H, W] (or one [C, H, W]) with C = 1 or 3, values in [low, high] clamped and mapped to 0–255
/// (v ↦ floor((v − low) / (high − low) · 255 + 0.5)), <c>columns</c> images per row (torchvision's nrow,
/// default 8), <c>padding</c> pixels of <c>padValue</c> around and between images. <c>upscale</c> repeats
/// each pixel (nearest neighbour) so 28-px images are visible; padding is not scaled. Optional row labels
/// (e.g. class names) are drawn in white at the left of each row with <see cref="Fonts"/>.
/// </summary>
public static class ImageGrid
{
    /// <summary>torchvision's default number of images per row.</summary>
    public const int DefaultColumns = 8;

    /// <summary>Writes the grid as a PNG, atomically (temp file + rename), creating the directory.</summary>
    public static void Save(Tensor images, string path, int? columns = null, int padding = 2, float low = -1,
        float high = 1, int upscale = 1, IReadOnlyList<string>? rowLabels = null, byte padValue = 0) =>
        AtomicFile.WriteAllBytes(path, Encode(images, columns, padding, low, high, upscale, rowLabels, padValue));

    /// <summary>The grid as PNG bytes.</summary>
    public static byte[] Encode(Tensor images, int? columns = null, int padding = 2, float low = -1, float high = 1,
        int upscale = 1, IReadOnlyList<string>? rowLabels = null, byte padValue = 0)
    {
        var (pixels, n, channels, height, width) = ToBytes(images, low, high);
        int cols = Math.Min(columns ?? DefaultColumns, n);
        if (cols < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Need at least one column.");
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(upscale, 1);
        int rows = (n + cols - 1) / cols;
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"{rowLabels.Count} row labels for {rows} rows.", nameof(rowLabels));

        int cellHeight = height * upscale, cellWidth = width * upscale;
        using var font = rowLabels is null ? null : LabelFont(cellHeight);
        int labelWidth = font is null ? 0 : LabelWidth(font, rowLabels!, padding);
        var (gridWidth, gridHeight) = Size(n, cols, padding, cellHeight, cellWidth);
        gridWidth += labelWidth;

        var rgba = new byte[checked(gridWidth * gridHeight * 4)];
        Fill(rgba, padValue);
        int plane = height * width, image = channels * plane;
        for (int i = 0; i < n; i++)
        {
            int top = (i / cols) * (cellHeight + padding) + padding;
            int left = labelWidth + (i % cols) * (cellWidth + padding) + padding;
            for (int y = 0; y < cellHeight; y++)
            {
                int row = ((top + y) * gridWidth + left) * 4;
                int source = i * image + (y / upscale) * width;
                for (int x = 0; x < cellWidth; x++)
                {
                    int s = source + x / upscale, d = row + x * 4;
                    byte r = pixels[s];
                    rgba[d] = r;
                    rgba[d + 1] = channels == 3 ? pixels[s + plane] : r;
                    rgba[d + 2] = channels == 3 ? pixels[s + 2 * plane] : r;
                }
            }
        }
        return ToPng(rgba, gridWidth, gridHeight, canvas =>
        {
            if (font is null) return;
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            for (int r = 0; r < rows; r++)
            {
                float middle = r * (cellHeight + padding) + padding + cellHeight / 2f;
                float baseline = middle - (font.Metrics.Ascent + font.Metrics.Descent) / 2f;
                canvas.DrawText(rowLabels![r], padding + 2, baseline, SKTextAlign.Left, font, paint);
            }
        });
    }

    /// <summary>Writes one PNG per image: <c>{prefix}_{index:D4}.png</c> in <paramref name="directory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> SaveEach(Tensor images, string directory, string prefix = "image", float low = -1,
        float high = 1, int upscale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(upscale, 1);
        var (pixels, n, channels, height, width) = ToBytes(images, low, high);
        var paths = new List<string>(n);
        int plane = height * width, outWidth = width * upscale, outHeight = height * upscale;
        for (int i = 0; i < n; i++)
        {
            var rgba = new byte[outWidth * outHeight * 4];
            for (int y = 0; y < outHeight; y++)
                for (int x = 0; x < outWidth; x++)
                {
                    int s = i * channels * plane + (y / upscale) * width + x / upscale, d = (y * outWidth + x) * 4;
                    rgba[d] = pixels[s];
                    rgba[d + 1] = channels == 3 ? pixels[s + plane] : pixels[s];
                    rgba[d + 2] = channels == 3 ? pixels[s + 2 * plane] : pixels[s];
                    rgba[d + 3] = 255;
                }
            var path = Path.Combine(directory, $"{prefix}_{i:D4}.png");
            AtomicFile.WriteAllBytes(path, ToPng(rgba, outWidth, outHeight, null));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Grid size in pixels without labels: torchvision's make_grid arithmetic.</summary>
    public static (int Width, int Height) Size(int count, int columns, int padding, int height, int width)
    {
        int cols = Math.Min(columns, count), rows = (count + cols - 1) / cols;
        return (cols * (width + padding) + padding, rows * (height + padding) + padding);
    }

    /// <summary>Clamps, maps to 0–255 and copies the batch to the CPU as bytes laid out [N, C, H, W].</summary>
    private static (byte[] Pixels, int N, int C, int H, int W) ToBytes(Tensor images, float low, float high)
    {
        if (!(high > low)) throw new ArgumentException($"Need high > low, got [{low}, {high}].", nameof(high));
        if (images.dim() is not (3 or 4))
            throw new ArgumentException($"Expected [N, C, H, W] or [C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var batch = images.dim() == 3 ? images.unsqueeze(0) : images;
        var (n, c, h, w) = ((int)batch.shape[0], (int)batch.shape[1], (int)batch.shape[2], (int)batch.shape[3]);
        if (c is not (1 or 3)) throw new ArgumentException($"Expected 1 or 3 channels, got {c}.", nameof(images));
        if (n == 0 || h == 0 || w == 0) throw new ArgumentException("Empty image batch.", nameof(images));
        var scaled = batch.detach().to(CPU).to_type(ScalarType.Float32)
            .nan_to_num(nan: low, posinf: high, neginf: low)
            .clamp(low, high).sub(low).mul(255.0 / (high - low)).add(0.5).clamp(0, 255)
            .to_type(ScalarType.Byte).contiguous();
        return (scaled.data<byte>().ToArray(), n, c, h, w);
    }

    private static void Fill(byte[] rgba, byte value)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = rgba[i + 1] = rgba[i + 2] = value;
            rgba[i + 3] = 255;
        }
    }

    private static SKFont LabelFont(int cellHeight) =>
        new(Fonts.Typeface, Math.Clamp(cellHeight * 0.3f, 9f, 18f)) { Subpixel = true };

    private static int LabelWidth(SKFont font, IReadOnlyList<string> labels, int padding) =>
        (int)Math.Ceiling(labels.Select(l => font.MeasureText(l)).DefaultIfEmpty(0).Max()) + 2 * padding + 6;

    private static byte[] ToPng(byte[] rgba, int width, int height, Action<SKCanvas>? draw)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        if (draw is not null)
        {
            using var canvas = new SKCanvas(bitmap);
            draw(canvas);
            canvas.Flush();
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
