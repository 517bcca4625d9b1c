using ScottPlot;
using SkiaSharp;
using TidyGan.IO;

namespace TidyGan.Reports;

/// <summary>Pictures of the mixture benchmarks: real vs generated scatter plots in a grid, one panel per method.</summary>
public static class ModePlots
{
    /// <summary>One scatter panel per (title, generated points) over the same real points, laid out in <paramref name="columns"/> columns.</summary>
    public static void SaveScatterGrid(string path, float[] real, IReadOnlyList<(string Title, float[] Points)> panels,
        IReadOnlyList<(double X, double Y)> means, double limit, int columns = 4, int panelSize = 420)
    {
        if (panels.Count == 0) throw new ArgumentException("no panels to draw");
        Fonts.EnsureRegistered();
        columns = Math.Min(columns, panels.Count);
        int rows = (panels.Count + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * panelSize, rows * panelSize));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            var png = RenderScatter(real, panels[i].Points, means, limit, panels[i].Title, panelSize);
            using var panel = SKImage.FromEncodedData(png);
            surface.Canvas.DrawImage(panel, i % columns * panelSize, i / columns * panelSize, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }

    private static byte[] RenderScatter(float[] real, float[] generated, IReadOnlyList<(double X, double Y)> means, double limit, string title, int size)
    {
        using var plot = new Plot();
        plot.Font.Set(Fonts.Name);
        AddPoints(plot, real, Colors.Gray.WithAlpha(0.35), "real");
        AddPoints(plot, generated, Colors.C0.WithAlpha(0.5), "generated");
        var centres = plot.Add.ScatterPoints(means.Select(m => m.X).ToArray(), means.Select(m => m.Y).ToArray(), Colors.Red);
        centres.MarkerShape = MarkerShape.Cross;
        centres.MarkerSize = 8;
        centres.LegendText = "mode means";
        plot.Axes.SetLimits(-limit, limit, -limit, limit);
        plot.Axes.SquareUnits();
        plot.Title(title);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(size, size, ImageFormat.Png);
    }

    private static void AddPoints(Plot plot, float[] xy, Color color, string label)
    {
        var xs = new double[xy.Length / 2];
        var ys = new double[xy.Length / 2];
        for (int i = 0; i < xs.Length; i++) { xs[i] = xy[2 * i]; ys[i] = xy[2 * i + 1]; }
        var scatter = plot.Add.ScatterPoints(xs, ys, color);
        scatter.MarkerSize = 3;
        scatter.LegendText = label;
    }
}
