using ScottPlot;
using TidyGan.IO;

namespace TidyGan.Reports;

/// <summary>Radially averaged noise power spectra (HU²·mm² against mm⁻¹) of several images in one plot.</summary>
public static class NoisePowerSpectrumPlot
{
    public static void Save(IReadOnlyList<(string Name, double[] Frequency, double[] Power)> series, string path, string title)
    {
        Fonts.EnsureRegistered();
        using var plot = new Plot();
        plot.Font.Set(Fonts.Name);
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < series.Count; s++)
        {
            var line = plot.Add.ScatterLine(series[s].Frequency, series[s].Power, palette.GetColor(s));
            line.LineWidth = s == 0 ? 3 : 2;
            line.LegendText = series[s].Name;
        }
        plot.Title(title);
        plot.XLabel("spatial frequency (mm⁻¹)");
        plot.YLabel("noise power (HU²·mm²)");
        plot.ShowLegend(Edge.Right);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(1000, 500, ImageFormat.Png));
    }
}
