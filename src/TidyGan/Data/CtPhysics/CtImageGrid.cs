namespace TidyGan.Data.CtPhysics;

/// <summary>
/// The image plane a projector reads and a reconstruction writes: <see cref="Height"/> rows ×
/// <see cref="Width"/> columns of square pixels, <see cref="PixelSpacingMm"/> wide, centred on the isocentre.
/// Pixel (row i, column j) has its centre at x = (j − (W−1)/2)·Δ, y = ((H−1)/2 − i)·Δ: row 0 is the top
/// (anterior, +y) as in a displayed slice.
/// </summary>
public sealed record CtImageGrid(int Height, int Width, double PixelSpacingMm)
{
    public void Validate()
    {
        if (Height < 2 || Width < 2) throw new ArgumentException($"image grid must be at least 2×2 pixels, got {Height}×{Width}");
        if (!(PixelSpacingMm > 0) || double.IsInfinity(PixelSpacingMm))
            throw new ArgumentException($"pixel spacing must be a positive number of mm, got {PixelSpacingMm}");
    }

    /// <summary>Radius (mm) of the circle through the image's corner pixel edges: every ray that meets the image meets this disc.</summary>
    public double CircumradiusMm => 0.5 * PixelSpacingMm * Math.Sqrt((double)Height * Height + (double)Width * Width);
}
