using static TorchSharp.torch;

namespace TidyGan.Data;

/// <summary>Random geometric augmentation; defaults are mild enough for anatomy (heads are roughly symmetric).</summary>
public sealed record AugmentationOptions(
    bool HorizontalFlip = true,
    double MaxRotationDegrees = 10,
    double MinScale = 0.9,
    double MaxScale = 1.1,
    int MaxShift = 4)                          // random crop: shift by up to this many pixels (pad-and-crop)
{
    public static AugmentationOptions None { get; } = new(false, 0, 1, 1, 0);
}

/// <summary>What was done to one image, so a run can be reproduced or an augmentation inspected.</summary>
public sealed record AugmentationRecord(int Seed, int Index, bool Flipped, double RotationDegrees, double Scale, int ShiftX, int ShiftY);

/// <summary>
/// Applies flip, rotation, scale and shift to a [N, C, H, W] batch in one bilinear resampling (affine_grid +
/// grid_sample). Parameters come from <c>new Random(seed)</c> in image order, so the same seed gives the
/// same batch. Uncovered areas are filled with −1 (background in [−1, 1] images).
/// </summary>
public static class Augmentation
{
    public static (Tensor Images, AugmentationRecord[] Records) Apply(Tensor images, AugmentationOptions options, int seed)
    {
        int n = (int)images.shape[0];
        long h = images.shape[2], w = images.shape[3];
        var rng = new Random(seed);
        var records = new AugmentationRecord[n];
        var theta = new float[n * 6];
        for (int i = 0; i < n; i++)
        {
            bool flip = options.HorizontalFlip && rng.NextDouble() < 0.5;
            double deg = (2 * rng.NextDouble() - 1) * options.MaxRotationDegrees;
            double scale = options.MinScale + rng.NextDouble() * (options.MaxScale - options.MinScale);
            int sx = options.MaxShift > 0 ? rng.Next(-options.MaxShift, options.MaxShift + 1) : 0;
            int sy = options.MaxShift > 0 ? rng.Next(-options.MaxShift, options.MaxShift + 1) : 0;
            records[i] = new AugmentationRecord(seed, i, flip, deg, scale, sx, sy);
            // theta maps output coordinates (normalised to [−1, 1]) to input coordinates: zoom in by `scale`
            // means sampling the input at output/scale; a flip negates the input x.
            double a = deg * Math.PI / 180, c = Math.Cos(a) / scale, s = Math.Sin(a) / scale, f = flip ? -1 : 1;
            theta[6 * i + 0] = (float)(f * c);
            theta[6 * i + 1] = (float)(-f * s);
            theta[6 * i + 2] = (float)(-f * 2.0 * sx / w);
            theta[6 * i + 3] = (float)s;
            theta[6 * i + 4] = (float)c;
            theta[6 * i + 5] = (float)(-2.0 * sy / h);
        }
        using var scope = NewDisposeScope();
        var t = tensor(theta, [n, 2, 3]).to(images.device);
        var grid = nn.functional.affine_grid(t, [n, images.shape[1], h, w], align_corners: false);
        // Sample (x + 1) with zero padding, then subtract 1: the padding becomes −1.
        var shifted = images.add(1);
        var sampled = nn.functional.grid_sample(shifted, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        var result = sampled.sub(1).MoveToOuterDisposeScope();
        return (result, records);
    }
}
