using SkiaSharp;
using TidyGan.Reports;

namespace TidyGan.Tests.Reports;

public class LossCurvesTests
{
    private static IReadOnlyList<ScalarSeries> GanLosses()
    {
        var random = new Random(1);
        ScalarSeries Noisy(string name, double start, double end) => new(name,
            Enumerable.Range(0, 500).Select(i => ((long)i * 10, start + (end - start) * i / 500.0 + 0.3 * (random.NextDouble() - 0.5))).ToList());
        return [Noisy("loss/discriminator", 1.4, 0.6), Noisy("loss/generator", 0.7, 2.2),
            new("lr", Enumerable.Range(0, 50).Select(i => ((long)i * 100, 0.5 + 0.01 * i)).ToList())];
    }

    [Fact]
    public void SavesPngOfRequestedSize()
    {
        using var dir = new TempDirectory();
        var path = dir.File("plots", "losses.png");
        LossCurves.Save(GanLosses(), path, "DCGAN on Fashion-MNIST");
        Assert.Equal(["losses.png"], Directory.GetFiles(dir.File("plots")).Select(Path.GetFileName));
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((1200, 600), (bitmap.Width, bitmap.Height));
        var keep = Environment.GetEnvironmentVariable("TIDYGAN_KEEP_PLOT");   // for looking at it by eye
        if (!string.IsNullOrEmpty(keep)) File.Copy(path, keep, overwrite: true);
    }

    [Fact]
    public void AxisLabelsAndTitleDrawText()
    {
        var series = GanLosses();
        using var labelled = SKBitmap.Decode(LossCurves.Render(series, "Training losses", "step", "loss"));
        // A single-space label keeps the layout (the room reserved for it) but draws no glyphs, so the
        // difference in dark pixels is that label's text.
        using var noX = SKBitmap.Decode(LossCurves.Render(series, "Training losses", " ", "loss"));
        using var noY = SKBitmap.Decode(LossCurves.Render(series, "Training losses", "step", " "));
        int all = DarkPixels(labelled, 0, 0, 1200, 600);
        int x = all - DarkPixels(noX, 0, 0, 1200, 600), y = all - DarkPixels(noY, 0, 0, 1200, 600);
        // ScottPlot drops a blank title (and its room), so the title is checked on its own: above the
        // data area there is nothing but the title text.
        int title = DarkPixels(labelled, 0, 0, 1200, 30);
        Assert.True(x > 30 && y > 30 && title > 30, $"label text pixels: x {x}, y {y}, title {title}");
    }

    [Fact]
    public void LegendDrawsText()
    {
        var series = GanLosses();
        var renamed = series.Select(s => s with { Name = new string(' ', s.Name.Length) }).ToList();
        using var named = SKBitmap.Decode(LossCurves.Render(series, "t"));
        using var unnamed = SKBitmap.Decode(LossCurves.Render(renamed, "t"));
        int text = DarkPixels(named, 0, 0, 1200, 600) - DarkPixels(unnamed, 0, 0, 1200, 600);
        Assert.True(text > 200, $"only {text} more dark pixels with legend names");
    }

    [Fact]
    public void EmptyAndNonFiniteSeriesStillRender()
    {
        ScalarSeries odd = new("nan", [(0, double.NaN), (1, 1.0), (2, double.PositiveInfinity)]);
        using var bitmap = SKBitmap.Decode(LossCurves.Render([odd, new("empty", [])], "odd", width: 400, height: 300));
        Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));
        using var none = SKBitmap.Decode(LossCurves.Render([], "nothing"));
        Assert.NotNull(none);
    }

    [Theory]
    [InlineData(true, 19)]                               // noisy and long: smoothed with an odd window
    [InlineData(false, 1)]                               // smooth: left alone
    public void SmoothsOnlyNoisySeries(bool noisy, int expected)
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 480).Select(i => i / 480.0 + (noisy ? random.NextDouble() : 0)).ToList();
        Assert.Equal(expected, LossCurves.SmoothingWindow(values));
    }

    [Fact]
    public void MovingAverageIsCentredAndKeepsTheEnds() =>
        Assert.Equal([1.5, 2, 3, 4, 4.5], LossCurves.MovingAverage([1, 2, 3, 4, 5], 3));

    private static int DarkPixels(SKBitmap bitmap, int x0, int y0, int x1, int y1)
    {
        int count = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 100) count++;
            }
        return count;
    }
}
