using ScottPlot;
using TidyGan.IO;

namespace TidyGan.Reports;

/// <summary>HU histograms (share of voxels per 20-HU bin, −1024…2000 HU) of several volumes in one plot, with the tissue boundaries marked.</summary>
public static class HuHistogramPlot
{
    public static void Save(IReadOnlyList<(string Name, float[] Hu)> series, string path, string title)
    {
        const double low = -1024, high = 2000, bin = 20;
        int bins = (int)((high - low) / bin);
        Fonts.EnsureRegistered();
        using var plot = new Plot();
        plot.Font.Set(Fonts.Name);
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < series.Count; s++)
        {
            var counts = new double[bins];
            foreach (var v in series[s].Hu)
            {
                int b = (int)((v - low) / bin);
                if (b >= 0 && b < bins) counts[b]++;
            }
            double total = series[s].Hu.Length;
            var xs = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * bin).ToArray();
            var line = plot.Add.ScatterLine(xs, counts.Select(c => c / total).ToArray(), palette.GetColor(s));
            line.LineWidth = 2;
            line.LegendText = series[s].Name;
        }
        foreach (var boundary in new[] { Metrics.HounsfieldHistogram.AirBelow, Metrics.HounsfieldHistogram.FatBelow, Metrics.HounsfieldHistogram.SoftTissueBelow })
        {
            var v = plot.Add.VerticalLine(boundary);
            v.LineWidth = 1;
            v.Color = Colors.Gray;
        }
        plot.Axes.SetLimitsX(low, high);
        plot.Title(title);
        plot.XLabel("HU (grey lines: air | fat | soft tissue | bone)");
        plot.YLabel("share of head voxels per 20 HU");
        plot.ShowLegend(Edge.Bottom);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 500, ImageFormat.Png));
    }
}
