using TorchSharp;
using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>
/// Forward projection (line integrals, the Radon transform) of a batch of images [N, 1, H, W] to sinograms
/// [N, 1, Views, Detectors], in (image units)·mm: an image of μ in 1/mm gives dimensionless p = ∫μ ds.
/// Method: ray-driven. Each ray is sampled every <c>stepPixels</c> pixel widths across the disc that holds the
/// image; the image is read at each sample by bilinear interpolation (grid_sample, zero outside) and the samples
/// are summed times the step. This is the continuous line integral of the bilinearly interpolated image, like
/// Joseph's method, and is exact for images that are linear between pixel centres.
/// </summary>
public static class RadonProjector
{
    // Sample points per grid_sample call: bounds the grid's memory (~32 MB of float32 coordinates).
    private const long PointsPerChunk = 1L << 22;

    public static Tensor Project(Tensor images, CtImageGrid grid, CtGeometry geometry, double stepPixels = 0.5)
    {
        CheckImages(images, grid);
        geometry.Validate();
        if (!(stepPixels > 0 && stepPixels <= 1)) throw new ArgumentException($"ray step must be in (0, 1] pixels, got {stepPixels}");

        double step = stepPixels * grid.PixelSpacingMm;
        double radius = grid.CircumradiusMm + grid.PixelSpacingMm;
        int samples = (int)Math.Ceiling(2 * radius / step);
        int n = (int)images.shape[0], views = geometry.Views, detectors = geometry.Detectors;
        int viewsPerChunk = (int)Math.Max(1, PointsPerChunk / ((long)detectors * samples));

        using var scope = NewDisposeScope();
        var u = linspace(-radius + step / 2, -radius + step / 2 + (samples - 1) * step, samples, dtype: ScalarType.Float64)
            .view(1, 1, samples);
        var chunks = new List<Tensor>();
        for (int v0 = 0; v0 < views; v0 += viewsPerChunk)
        {
            using var chunkScope = NewDisposeScope();                          // frees each chunk's temporaries (~200 MB)
            int count = Math.Min(viewsPerChunk, views - v0);
            var (angle, offset) = Lines(geometry, v0, count);                 // [count·D, 1] each
            var cos = angle.cos();
            var sin = angle.sin();
            var x = offset * cos + u.view(1, samples) * sin;                   // [count·D, S] mm
            var y = offset * sin - u.view(1, samples) * cos;
            var sampling = stack(new[]
            {
                x / (grid.Width * grid.PixelSpacingMm / 2),                   // align_corners=false: ±1 at the outer pixel edges
                -y / (grid.Height * grid.PixelSpacingMm / 2),                 // rows run towards −y
            }, dim: -1).to(images.dtype, images.device).unsqueeze(0).expand(n, -1, -1, -1);
            var values = nn.functional.grid_sample(images, sampling, GridSampleMode.Bilinear,
                GridSamplePaddingMode.Zeros, align_corners: false);   // [N, 1, count·D, S]
            chunks.Add(values.sum(-1).mul(step).view(n, 1, count, detectors).MoveToOuterDisposeScope());
        }
        return cat(chunks, dim: 2).MoveToOuterDisposeScope();
    }

    /// <summary>Normal angle and offset of every ray of views [first, first + count), as [count·D, 1] float64 tensors.</summary>
    internal static (Tensor Angle, Tensor Offset) Lines(CtGeometry geometry, int first, int count)
    {
        int detectors = geometry.Detectors;
        var angle = new double[count * detectors];
        var offset = new double[count * detectors];
        for (int v = 0; v < count; v++)
            for (int k = 0; k < detectors; k++)
                (angle[v * detectors + k], offset[v * detectors + k]) = geometry.Line(first + v, k);
        return (tensor(angle).view(-1, 1), tensor(offset).view(-1, 1));
    }

    internal static void CheckImages(Tensor images, CtImageGrid grid)
    {
        grid.Validate();
        if (images.dim() != 4 || images.shape[1] != 1)
            throw new ArgumentException($"images must be [N, 1, H, W], got [{string.Join(", ", images.shape)}]");
        if (images.shape[2] != grid.Height || images.shape[3] != grid.Width)
            throw new ArgumentException($"images are {images.shape[2]}×{images.shape[3]} but the grid is {grid.Height}×{grid.Width}");
    }
}
