namespace TidyGan.Metrics.ImageMetrics;

/// <summary>How one disc-shaped lesion shows in an image.</summary>
/// <param name="Contrast">Mean HU inside the lesion minus the mean in the ring around it.</param>
/// <param name="RingSd">Standard deviation of the ring (the local noise, HU).</param>
/// <param name="Cnr">Contrast / ring sd.</param>
/// <param name="RoseSnr">Rose's signal-to-noise ratio, CNR·√(lesion pixels), signed along the inserted contrast: about 5 is where a human observer starts to see it.</param>
/// <param name="Retention">Measured contrast / inserted contrast.</param>
/// <param name="Lost">True when the fixed rule of <see cref="LesionVisibility"/> calls the lesion lost.</param>
public sealed record LesionMeasurement(double Contrast, double RingSd, double Cnr, double RoseSnr, double Retention, int LesionPixels, bool Lost);

/// <summary>
/// Contrast-to-noise of an inserted low-contrast lesion (a disc of known centre, radius and contrast) in a 2-D slice.
/// The background is the ring from r + 2 px to r + 2 px + max(r, 6 px) around the centre, so it hugs the lesion but
/// never includes its smooth border. The rule for "lost", fixed for every image and arm: Rose SNR below 5 (Rose 1948)
/// or less than half the inserted contrast left. Rose's criterion assumes white noise; a denoiser correlates noise, so
/// the contrast-retention half of the rule is what catches a lesion smoothed away.
/// </summary>
public static class LesionVisibility
{
    public const double RoseThreshold = 5, MinimumRetention = 0.5;

    public static LesionMeasurement Measure(float[] slice, int rows, int cols, double centreRow, double centreCol,
        double radiusPixels, double insertedContrast)
    {
        ArgumentNullException.ThrowIfNull(slice);
        MetricInputs.CheckLength(slice.Length, [rows, cols], nameof(slice));
        if (!(radiusPixels > 0)) throw new ArgumentException($"lesion radius must be positive, got {radiusPixels} px", nameof(radiusPixels));
        if (insertedContrast == 0 || !double.IsFinite(insertedContrast))
            throw new ArgumentException($"inserted contrast must be non-zero and finite, got {insertedContrast} HU", nameof(insertedContrast));

        double inner = radiusPixels + 2, outer = inner + Math.Max(radiusPixels, 6);
        double lesionSum = 0, ringSum = 0, ringSq = 0;
        int lesionPixels = 0, ringPixels = 0;
        int r0 = Math.Max(0, (int)Math.Floor(centreRow - outer)), r1 = Math.Min(rows - 1, (int)Math.Ceiling(centreRow + outer));
        int c0 = Math.Max(0, (int)Math.Floor(centreCol - outer)), c1 = Math.Min(cols - 1, (int)Math.Ceiling(centreCol + outer));
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
            {
                double d = Math.Sqrt((r - centreRow) * (r - centreRow) + (c - centreCol) * (c - centreCol));
                double v = slice[r * cols + c];
                if (d <= radiusPixels) { lesionSum += v; lesionPixels++; }
                else if (d > inner && d <= outer) { ringSum += v; ringSq += v * v; ringPixels++; }
            }
        if (lesionPixels == 0 || ringPixels < 8)
            throw new ArgumentException($"lesion at ({centreRow:0.#}, {centreCol:0.#}) radius {radiusPixels:0.##} px leaves {lesionPixels} lesion and {ringPixels} ring pixels inside the {rows}×{cols} slice");

        double ringMean = ringSum / ringPixels;
        double ringSd = Math.Sqrt(Math.Max(0, ringSq / ringPixels - ringMean * ringMean));
        double contrast = lesionSum / lesionPixels - ringMean;
        double cnr = ringSd > 0 ? contrast / ringSd : double.PositiveInfinity * Math.Sign(contrast);
        double rose = cnr * Math.Sqrt(lesionPixels) * Math.Sign(insertedContrast); // in the inserted direction
        double retention = contrast / insertedContrast;
        return new LesionMeasurement(contrast, ringSd, cnr, rose, retention, lesionPixels,
            Lost: !(rose >= RoseThreshold) || retention < MinimumRetention);
    }
}
