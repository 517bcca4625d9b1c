using TidyGan.IO;
using ScottPlot;

namespace TidyGan.Reports;

/// <summary>
/// Plots scalar series (losses, scores) against the training step as one PNG. A noisy series is drawn
/// TensorBoard-style: the raw points as a faint line and a centred moving average in the full colour
/// (the legend names the window). Non-finite values are skipped. Text uses <see cref="Fonts"/>.
/// </summary>
public static class LossCurves
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 600;

    /// <summary>Series with at least this many points may be smoothed.</summary>
    internal const int MinPointsToSmooth = 20;

    /// <summary>Renders the plot and writes it atomically (temp file + rename), creating the directory.</summary>
    public static void Save(IReadOnlyList<ScalarSeries> series, string path, string title, string xLabel = "step",
        string yLabel = "loss", int width = DefaultWidth, int height = DefaultHeight) =>
        AtomicFile.WriteAllBytes(path, Render(series, title, xLabel, yLabel, width, height));

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Render(IReadOnlyList<ScalarSeries> series, string title, string xLabel = "step",
        string yLabel = "loss", int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        Fonts.EnsureRegistered();
        using var plot = new Plot();
        plot.Font.Set(Fonts.Name);
        var palette = new ScottPlot.Palettes.Category10();
        int drawn = 0;
        for (int i = 0; i < series.Count; i++)
        {
            var finite = series[i].Points.Where(p => double.IsFinite(p.Value)).ToList();
            if (finite.Count == 0) continue;
            double[] xs = finite.Select(p => (double)p.Step).ToArray();
            double[] ys = finite.Select(p => p.Value).ToArray();
            var color = palette.GetColor(i);
            int window = SmoothingWindow(ys);
            if (window > 1)
            {
                var raw = plot.Add.ScatterLine(xs, ys, color.WithAlpha(0.25));
                raw.LineWidth = 1;
                var smooth = plot.Add.ScatterLine(xs, MovingAverage(ys, window), color);
                smooth.LineWidth = 2;
                smooth.LegendText = $"{series[i].Name} (average of {window})";
            }
            else
            {
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = 2;
                line.MarkerSize = xs.Length == 1 ? 6 : 0;
                line.LegendText = series[i].Name;
            }
            drawn++;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (drawn > 0) plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The moving-average window for a series, or 1 for none: short or smooth series are left alone. A
    /// series counts as noisy when the residual around a short centred average is over 2% of its range.
    /// </summary>
    internal static int SmoothingWindow(IReadOnlyList<double> values)
    {
        if (values.Count < MinPointsToSmooth) return 1;
        double range = values.Max() - values.Min();
        if (range <= 0) return 1;
        var local = MovingAverage(values, 5);
        double residual = Math.Sqrt(values.Select((v, i) => (v - local[i]) * (v - local[i])).Average());
        if (residual <= 0.02 * range) return 1;
        return Math.Clamp(values.Count / 25, 5, 201) | 1;   // odd, so the average is centred
    }

    /// <summary>Centred moving average; the window shrinks at the ends so no point is dropped.</summary>
    internal static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        int half = window / 2, n = values.Count;
        var prefix = new double[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            int from = Math.Max(0, i - half), to = Math.Min(n, i + half + 1);
            result[i] = (prefix[to] - prefix[from]) / (to - from);
        }
        return result;
    }
}
