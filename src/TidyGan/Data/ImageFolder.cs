using TidyGan.IO;
using SkiaSharp;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// A folder of images: each sub-folder is a class (sorted by name); images directly in the folder make an
/// unlabelled set. PNG (8/16-bit grey, RGB) via <see cref="PngIO"/>, JPEG/BMP/WebP via SkiaSharp. Each image
/// is centre-cropped to a square and resized (antialiased) to Size; values [0, max] → [−1, 1].
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    public static ImageSet Load(string name, string folder, DatasetOptions options)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{name}: no such folder: {folder}");
        var classes = Directory.GetDirectories(folder).Where(d => ImagesIn(d).Any()).OrderBy(d => d, StringComparer.Ordinal).ToList();
        var files = new List<(string File, int Label)>();
        if (classes.Count > 0)
            for (int c = 0; c < classes.Count; c++) files.AddRange(ImagesIn(classes[c]).Select(f => (f, c)));
        else
            files.AddRange(ImagesIn(folder).Select(f => (f, -1)));
        if (files.Count == 0) throw new UserException($"{name}: no images ({string.Join(", ", Extensions)}) in {folder}");
        if (options.Limit is int limit) files = files.Take(limit).ToList();

        var decoded = files.Select(f => Decode(f.File)).ToList();
        int channels = options.Channels ?? (decoded.Any(d => d.Channels == 3) ? 3 : 1);
        float max = decoded.Max(d => d.MaxValue);
        var intensity = new IdentityScaling(max);
        int size = options.Size;
        using var scope = torch.NewDisposeScope();
        var batch = new List<torch.Tensor>();
        foreach (var img in decoded)
        {
            var t = torch.tensor(img.Pixels, [img.Height, img.Width, img.Channels]).permute(2, 0, 1).unsqueeze(0);
            t = ToChannels(t, channels);
            int side = Math.Min(img.Height, img.Width);
            t = t[.., .., torch.TensorIndex.Slice((img.Height - side) / 2, (img.Height - side) / 2 + side),
                  torch.TensorIndex.Slice((img.Width - side) / 2, (img.Width - side) / 2 + side)];
            t = Resample.Resize(t.contiguous(), size, size, antialias: true);
            batch.Add(intensity.ToNormalized(t));
        }
        var images = torch.cat(batch, 0).MoveToOuterDisposeScope();
        var labels = classes.Count > 0 ? torch.tensor(files.Select(f => (long)f.Label).ToArray()).MoveToOuterDisposeScope() : null;
        return new ImageSet
        {
            Name = name,
            Images = images,
            Labels = labels,
            ClassNames = classes.Select(Path.GetFileName).Select(n => n!).ToList(),
            Intensity = intensity,
        };
    }

    /// <summary>Grey ↔ RGB: repeat the grey channel, or ITU-R BT.601 luma.</summary>
    public static torch.Tensor ToChannels(torch.Tensor t, int channels)
    {
        long have = t.shape[1];
        if (have == channels) return t;
        if (channels == 3) return t.expand(t.shape[0], 3, t.shape[2], t.shape[3]);
        var w = torch.tensor(new float[] { 0.299f, 0.587f, 0.114f }, [1, 3, 1, 1]);
        return (t * w).sum(1, keepdim: true);
    }

    public static IEnumerable<string> ImagesIn(string dir) =>
        Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).OrderBy(f => f, StringComparer.Ordinal);

    public static PngImage Decode(string file)
    {
        if (Path.GetExtension(file).Equals(".png", StringComparison.OrdinalIgnoreCase)) return PngIO.Read(file);
        using var bmp = SKBitmap.Decode(file) ?? throw new DataFormatException(file, "image", "SkiaSharp cannot decode it");
        var px = new float[bmp.Width * bmp.Height * 3];
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                int at = (y * bmp.Width + x) * 3;
                (px[at], px[at + 1], px[at + 2]) = (c.Red, c.Green, c.Blue);
            }
        return new PngImage(bmp.Width, bmp.Height, 3, 8, px);
    }
}
