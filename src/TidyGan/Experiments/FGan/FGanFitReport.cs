using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScottPlot;
using SkiaSharp;
using TidyGan.IO;
using TidyGan.Losses;
using Fonts = TidyGan.Reports.Fonts;

namespace TidyGan.Experiments.FGan;

/// <summary>One divergence's row: the exact minimiser by quadrature beside the GAN fits of every seed.</summary>
public sealed record DivergenceFits(FDivergence Divergence, (double Mean, double StdDev, double Value) Exact, IReadOnlyList<FitResult> Fits)
{
    public MeanSd AbsoluteMean => MeanSd.Of(Fits.Select(f => Math.Abs(f.Mean)));
    public MeanSd StdDev => MeanSd.Of(Fits.Select(f => f.StdDev));
}

/// <summary>results.json, results.md and fits.png of `tidygan fgan fit`.</summary>
public static class FGanFitReport
{
    public static void Write(string folder, GaussianMixture1D target, FGanFitOptions options, IReadOnlyList<DivergenceFits> rows, TimeSpan elapsed)
    {
        ResultsWriter.Write(folder, Json(target, options, rows, elapsed), Markdown(target, options, rows, elapsed));
        AtomicFile.WriteAllBytes(Path.Combine(folder, "fits.png"), Plot(target, rows));
    }

    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Markdown(GaussianMixture1D target, FGanFitOptions o, IReadOnlyList<DivergenceFits> rows, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine($"Target P = {target}; generator Q = N(μ, σ²); {(rows.Count > 0 ? rows[0].Fits.Count : 0)} seeds per divergence.");
        md.AppendLine($"Fit: {o.Steps} steps, batch {o.BatchSize}, {o.CriticSteps} critic steps per generator step (plus {o.CriticWarmup} before the first), critic MLP 1-{o.Hidden}-{o.Hidden}-1 (tanh), " +
                      $"Adam β₁ 0.5, lr critic {o.CriticLearningRate.ToString(CultureInfo.InvariantCulture)} / generator {o.GeneratorLearningRate.ToString(CultureInfo.InvariantCulture)}, " +
                      $"μ₀ ~ U(−1, 1), σ₀ = {o.InitialStdDev.ToString(CultureInfo.InvariantCulture)}; saddle generator objective. Wall time {elapsed.TotalSeconds:0} s.");
        md.AppendLine();
        md.AppendLine("| divergence | exact μ (μ ≥ 0; ±) | exact σ | D_f at the minimum | GAN fit \\|μ\\| (mean ± sd) | GAN fit σ (mean ± sd) | μ per seed |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Divergence.Name} (f:{r.Divergence.CliName}) | {F(r.Exact.Mean)} | {F(r.Exact.StdDev)} | {F(r.Exact.Value, "0.0000")} | " +
                          $"{r.AbsoluteMean.Format("0.000")} | {r.StdDev.Format("0.000")} | {string.Join(", ", r.Fits.Select(f => F(f.Mean, "0.00")))} |");
        return md.ToString();
    }

    private static JsonObject Json(GaussianMixture1D target, FGanFitOptions o, IReadOnlyList<DivergenceFits> rows, TimeSpan elapsed)
    {
        var json = new JsonObject
        {
            ["target"] = target.ToString(),
            ["options"] = JsonSerializer.SerializeToNode(o),
            ["wall_seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["divergences"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Divergence.CliName,
                ["exact"] = new JsonObject { ["mean"] = r.Exact.Mean, ["std_dev"] = r.Exact.StdDev, ["divergence"] = r.Exact.Value, ["note"] = "μ ≥ 0; −μ is an equal minimiser" },
                ["fit_abs_mean"] = r.AbsoluteMean.ToJson(),
                ["fit_std_dev"] = r.StdDev.ToJson(),
                ["fits"] = new JsonArray(r.Fits.Select(f => (JsonNode)new JsonObject
                {
                    ["seed"] = f.Seed, ["mean"] = f.Mean, ["std_dev"] = f.StdDev, ["final_bound"] = double.IsFinite(f.FinalBound) ? f.FinalBound : null,
                    ["trajectory"] = new JsonArray(f.Trajectory.Select(p => (JsonNode)new JsonArray(p.Step, p.Mean, p.StdDev)).ToArray()),
                }).ToArray()),
            }).ToArray()),
        };
        return json;
    }

    /// <summary>One panel per divergence (3 per row): target density, exact minimiser (dashed), each seed's fit.</summary>
    public static byte[] Plot(GaussianMixture1D target, IReadOnlyList<DivergenceFits> rows, int panelWidth = 560, int panelHeight = 400)
    {
        Fonts.EnsureRegistered();
        int columns = Math.Min(3, Math.Max(1, rows.Count)), panelRows = (rows.Count + columns - 1) / columns;
        var xs = Enumerable.Range(0, 601).Select(i => -6 + i * 0.02).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        using var surface = SKSurface.Create(new SKImageInfo(columns * panelWidth, panelRows * panelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            using var plot = new Plot();
            plot.Font.Set(Fonts.Name);
            var density = plot.Add.ScatterLine(xs, xs.Select(target.Density).ToArray(), Colors.Black);
            density.LineWidth = 2;
            density.LegendText = "target p";
            var exact = plot.Add.ScatterLine(xs, xs.Select(x => DivergenceQuadrature.Gaussian(x, r.Exact.Mean, r.Exact.StdDev)).ToArray(), Colors.Gray);
            exact.LineWidth = 2;
            exact.LinePattern = LinePattern.Dashed;
            exact.LegendText = $"exact: μ={F(r.Exact.Mean, "0.00")} σ={F(r.Exact.StdDev, "0.00")}";
            for (int s = 0; s < r.Fits.Count; s++)
            {
                var fit = r.Fits[s];
                var line = plot.Add.ScatterLine(xs, xs.Select(x => DivergenceQuadrature.Gaussian(x, fit.Mean, fit.StdDev)).ToArray(), palette.GetColor(s));
                line.LineWidth = 1.5f;
                line.LegendText = $"GAN seed {fit.Seed}: μ={F(fit.Mean, "0.00")} σ={F(fit.StdDev, "0.00")}";
            }
            plot.Title($"{r.Divergence.Name} (f:{r.Divergence.CliName})");
            plot.XLabel("x");
            plot.YLabel("density");
            plot.Axes.SetLimits(-6, 6, 0, 1.0);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 10;
            using var image = SKImage.FromEncodedData(plot.GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
            surface.Canvas.DrawImage(image, i % columns * panelWidth, i / columns * panelHeight, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
