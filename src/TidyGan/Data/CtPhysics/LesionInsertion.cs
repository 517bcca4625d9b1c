using static TorchSharp.torch;

namespace TidyGan.Data.CtPhysics;

/// <summary>One inserted lesion: slice index in the batch, centre (pixel row, column), radius and contrast.</summary>
public sealed record InsertedLesion(int Slice, double CentreRow, double CentreColumn, double RadiusMm, double ContrastHu);

/// <summary>Slices with lesions added, the lesions' masks (1 inside the nominal radius) and their list.</summary>
public sealed record LesionInsertionResult(Tensor Images, Tensor Masks, IReadOnlyList<InsertedLesion> Lesions) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
    }
}

/// <summary>Lesion sizes, contrasts and count per slice for <see cref="LesionInsertion"/>.</summary>
/// <param name="DiametersMm">Diameters drawn from (uniformly); 3–12 mm spans detectable to obvious at ±10–40 HU.</param>
/// <param name="EdgeMm">Width of the smooth border: the profile falls from full contrast to 0 over ~2×this.</param>
public sealed record LesionOptions(
    IReadOnlyList<double>? DiametersMm = null,
    double MinContrastHu = 10,
    double MaxContrastHu = 40,
    int LesionsPerSlice = 2,
    double EdgeMm = 0.75,
    int MaxTries = 200)
{
    public IReadOnlyList<double> Diameters => DiametersMm ?? new[] { 3.0, 5.0, 8.0, 12.0 };
}

/// <summary>
/// Inserts small low-contrast discs into full-dose HU slices [N, 1, H, W] before low-dose simulation, so that
/// a denoiser's loss (or invention) of small structures can be counted. The profile is
/// c·½(1 − tanh((r − R)/w)): contrast c inside, half at the nominal radius R, smooth over the edge width w,
/// cut at R + 3w (0.25% of c).
/// Centres are drawn (seeded <see cref="Random"/>) until the lesion's disc plus its border lies wholly inside
/// the allowed mask and clear of the slice's other lesions; a slice where no place fits gets fewer lesions.
/// </summary>
public static class LesionInsertion
{
    public static LesionInsertionResult Insert(Tensor hu, Tensor allowed, double pixelSpacingMm, LesionOptions options, int seed)
    {
        if (hu.dim() != 4 || hu.shape[1] != 1) throw new ArgumentException($"slices must be [N, 1, H, W], got [{string.Join(", ", hu.shape)}]");
        if (!allowed.shape.SequenceEqual(hu.shape)) throw new ArgumentException("the allowed mask must have the slices' shape");
        if (!(pixelSpacingMm > 0)) throw new ArgumentException($"pixel spacing must be positive, got {pixelSpacingMm}");
        if (options.Diameters.Count == 0 || options.Diameters.Any(d => !(d > 0))) throw new ArgumentException("lesion diameters must be positive");
        if (!(options.MinContrastHu <= options.MaxContrastHu)) throw new ArgumentException("minimum contrast exceeds maximum");

        int n = (int)hu.shape[0], height = (int)hu.shape[2], width = (int)hu.shape[3];
        var mask = allowed.to_type(ScalarType.Bool).cpu().reshape(-1).data<bool>().ToArray();
        var images = hu.to_type(ScalarType.Float32).cpu().reshape(-1).data<float>().ToArray();
        var masks = new float[images.Length];
        var lesions = new List<InsertedLesion>();
        var random = new Random(seed);
        int plane = height * width;
        for (int s = 0; s < n; s++)
        {
            var placed = new List<InsertedLesion>();
            for (int l = 0; l < options.LesionsPerSlice; l++)
            {
                double radiusMm = options.Diameters[random.Next(options.Diameters.Count)] / 2;
                double contrast = options.MinContrastHu + random.NextDouble() * (options.MaxContrastHu - options.MinContrastHu);
                double reach = (radiusMm + 3 * options.EdgeMm) / pixelSpacingMm;       // pixels; the profile is < 0.3% of c beyond
                for (int attempt = 0; attempt < options.MaxTries; attempt++)
                {
                    double row = reach + random.NextDouble() * (height - 1 - 2 * reach);
                    double column = reach + random.NextDouble() * (width - 1 - 2 * reach);
                    if (!Fits(mask, s * plane, width, height, row, column, reach)) continue;
                    if (placed.Any(p => Math.Sqrt(Math.Pow(p.CentreRow - row, 2) + Math.Pow(p.CentreColumn - column, 2))
                        < reach + (p.RadiusMm + 3 * options.EdgeMm) / pixelSpacingMm)) continue;
                    var lesion = new InsertedLesion(s, row, column, radiusMm, contrast);
                    Paint(images, masks, s * plane, width, height, lesion, pixelSpacingMm, options.EdgeMm, reach);
                    placed.Add(lesion);
                    break;
                }
            }
            lesions.AddRange(placed);
        }
        var shape = hu.shape;
        return new LesionInsertionResult(tensor(images).view(shape).to(hu.device), tensor(masks).view(shape).to(hu.device), lesions);
    }

    /// <summary>Pixels of soft tissue (default 0–80 HU, brain parenchyma's range), where a low-contrast lesion is meaningful.</summary>
    public static Tensor SoftTissueMask(Tensor hu, double lowHu = 0, double highHu = 80) => hu.ge(lowHu).logical_and(hu.le(highHu));

    private static bool Fits(bool[] mask, int offset, int width, int height, double row, double column, double reach)
    {
        for (int i = (int)Math.Floor(row - reach); i <= (int)Math.Ceiling(row + reach); i++)
            for (int j = (int)Math.Floor(column - reach); j <= (int)Math.Ceiling(column + reach); j++)
            {
                if ((i - row) * (i - row) + (j - column) * (j - column) > reach * reach) continue;
                if (i < 0 || j < 0 || i >= height || j >= width || !mask[offset + i * width + j]) return false;
            }
        return true;
    }

    private static void Paint(float[] images, float[] masks, int offset, int width, int height, InsertedLesion lesion,
        double spacing, double edgeMm, double reach)
    {
        for (int i = Math.Max(0, (int)Math.Floor(lesion.CentreRow - reach)); i <= Math.Min(height - 1, (int)Math.Ceiling(lesion.CentreRow + reach)); i++)
            for (int j = Math.Max(0, (int)Math.Floor(lesion.CentreColumn - reach)); j <= Math.Min(width - 1, (int)Math.Ceiling(lesion.CentreColumn + reach)); j++)
            {
                double r = spacing * Math.Sqrt(Math.Pow(i - lesion.CentreRow, 2) + Math.Pow(j - lesion.CentreColumn, 2));
                if (r > reach * spacing) continue;                               // only where Fits checked the mask
                double profile = edgeMm > 0 ? 0.5 * (1 - Math.Tanh((r - lesion.RadiusMm) / edgeMm)) : (r <= lesion.RadiusMm ? 1 : 0);
                images[offset + i * width + j] += (float)(lesion.ContrastHu * profile);
                if (r <= lesion.RadiusMm) masks[offset + i * width + j] = 1;
            }
    }
}
