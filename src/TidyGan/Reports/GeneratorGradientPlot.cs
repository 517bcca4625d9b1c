using ScottPlot;
using TidyGan.IO;
using TidyGan.Losses;

namespace TidyGan.Reports;

/// <summary>
/// The saturation plot: ∂L_G/∂l against D(G(z)) for each loss (left), and its magnitude on a log scale (right).
/// Where D confidently rejects the fakes (D → 0, early training) the minimax loss's signal vanishes.
/// </summary>
public static class GeneratorGradientPlot
{
    /// <summary>D values from 10⁻⁴ to 1 − 10⁻⁴, evenly spaced in the logit (so both ends are resolved).</summary>
    public static double[] DiscriminatorGrid(int count = 201) =>
        Enumerable.Range(0, count).Select(i => 1 / (1 + Math.Exp(-(-9.2 + 18.4 * i / (count - 1))))).ToArray();

    public static void Save(IReadOnlyList<AdversarialLoss> losses, string path, int width = 1400, int height = 560) =>
        AtomicFile.WriteAllBytes(path, Render(losses, width, height));

    public static byte[] Render(IReadOnlyList<AdversarialLoss> losses, int width = 1400, int height = 560)
    {
        Fonts.EnsureRegistered();
        var d = DiscriminatorGrid();
        var palette = new ScottPlot.Palettes.Category10();
        using var signed = new Plot();
        using var magnitude = new Plot();
        for (int i = 0; i < losses.Count; i++)
        {
            var gradient = GeneratorGradient.WithRespectToLogit(losses[i], d);
            string label = $"{losses[i].Kind.ToCliName()}: L_G = {Formula(losses[i].Kind)}";
            var a = signed.Add.ScatterLine(d, gradient, palette.GetColor(i));
            a.LineWidth = 2.5f;
            a.LegendText = label;
            var b = magnitude.Add.ScatterLine(d.Select(Math.Log10).ToArray(), gradient.Select(g => Math.Log10(Math.Abs(g))).ToArray(), palette.GetColor(i));
            b.LineWidth = 2.5f;
            b.LegendText = label;
        }
        foreach (var plot in new[] { signed, magnitude }) plot.Font.Set(Fonts.Name);
        signed.Title("Generator gradient at the logit l");
        signed.XLabel("D(G(z)) = σ(l)");
        signed.YLabel("∂L_G / ∂l");
        signed.ShowLegend(Alignment.LowerRight);
        magnitude.Title("Its magnitude (log-log)");
        magnitude.XLabel("log₁₀ D(G(z))");
        magnitude.YLabel("log₁₀ |∂L_G / ∂l|");
        magnitude.ShowLegend(Alignment.LowerRight);
        var left = signed.GetImageBytes(width / 2, height, ImageFormat.Png);
        var right = magnitude.GetImageBytes(width / 2, height, ImageFormat.Png);
        return SideBySide(left, right, width, height);
    }

    private static string Formula(AdversarialLossKind kind) => kind switch
    {
        AdversarialLossKind.Minimax => "log(1 − D)  (saturating)",
        AdversarialLossKind.NonSaturating => "−log D  (non-saturating)",
        _ => kind.ToString(),
    };

    private static byte[] SideBySide(byte[] left, byte[] right, int width, int height)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        using var a = SkiaSharp.SKImage.FromEncodedData(left);
        using var b = SkiaSharp.SKImage.FromEncodedData(right);
        var sampling = new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Nearest);
        surface.Canvas.DrawImage(a, 0, 0, sampling, null);
        surface.Canvas.DrawImage(b, width / 2, 0, sampling, null);
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
