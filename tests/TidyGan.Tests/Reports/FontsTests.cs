using SkiaSharp;

namespace TidyGan.Tests.Reports;

public class FontsTests
{
    [Fact]
    public void EmbeddedFontIsLoadedAndRegisteredWithScottPlot()
    {
        Assert.True(TidyGan.Reports.Fonts.IsAvailable, TidyGan.Reports.Fonts.Warning);
        Assert.Equal("embedded", TidyGan.Reports.Fonts.Source);
        Assert.Null(TidyGan.Reports.Fonts.Warning);
        Assert.Equal(TidyGan.Reports.Fonts.Name, ScottPlot.Fonts.Default);
        Assert.Equal("DejaVu Sans", TidyGan.Reports.Fonts.Typeface.FamilyName);
    }

    [Fact]
    public void SkiaTextWithTheTypefaceIsVisible()
    {
        // Regression test for DESIGN.md's "invisible plot text": the default typeface draws nothing here.
        using var bitmap = new SKBitmap(120, 30);
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(TidyGan.Reports.Fonts.Typeface, 20))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.DrawText("Loss 0.5", 4, 22, SKTextAlign.Left, font, paint);
        }
        int dark = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y).Red < 128) dark++;
        Assert.True(dark > 100, $"only {dark} dark pixels");
    }
}
