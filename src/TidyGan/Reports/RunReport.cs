using TidyGan.IO;
using System.Text.Json.Nodes;

namespace TidyGan.Reports;

/// <summary>
/// The page a person opens after a run: configuration, the latest sample grid, loss curves,
/// interpolations and samples when present, final losses and timings. Rebuilt from the run folder's
/// files, so it can be redrawn at any time (`tidygan report`).
/// </summary>
public static class RunReport
{
    public const string PageName = "report.html";
    public const string CurvesName = "loss_curves.png";

    /// <summary>Writes loss_curves.png and report.html into <paramref name="runDirectory"/>; returns the page's path.</summary>
    public static string Write(string runDirectory, string title, TimeSpan? elapsed = null, double? stepsPerSecond = null)
    {
        if (!Directory.Exists(runDirectory)) throw new DirectoryNotFoundException($"{runDirectory}: no such run folder");
        runDirectory = Path.GetFullPath(runDirectory);   // images are linked relative to the page, whatever the caller's working directory
        var report = new HtmlReport(title);

        var latest = Path.Combine(runDirectory, "samples", "latest.png");
        var real = Path.Combine(runDirectory, "samples", "real.png");
        if (File.Exists(latest) || File.Exists(real)) report.AddSection("Samples");
        if (File.Exists(latest)) report.AddImage(latest, "generated: fixed-noise samples at the last step", 512);
        if (File.Exists(real)) report.AddImage(real, "real: training images, same display window", 512);

        var scalars = Path.Combine(runDirectory, "scalars.csv");
        IReadOnlyList<ScalarSeries> series = File.Exists(scalars) ? ScalarLog.Read(scalars) : [];
        var losses = series.Where(s => s.Name.StartsWith("loss/", StringComparison.Ordinal) || s.Name == "gradient_penalty").ToList();
        if (losses.Count > 0)
        {
            var curves = Path.Combine(runDirectory, CurvesName);
            LossCurves.Save(losses, curves, title);
            report.AddSection("Loss curves").AddImage(curves, "losses per step (faint: raw, bold: moving average)", 900);
            report.AddFinalValues(series.Where(s => s.Name != "steps_per_second"));
        }
        var logits = series.Where(s => s.Name.StartsWith("logit/", StringComparison.Ordinal)).ToList();
        if (logits.Count > 0)
        {
            var curves = Path.Combine(runDirectory, "logits.png");
            LossCurves.Save(logits, curves, "discriminator's mean logit on real and fake images", yLabel: "logit");
            report.AddImage(curves, "D's mean logit: the gap between real and fake", 900);
        }

        foreach (var (file, caption) in new[] { ("interpolation.png", "latent interpolation: one row per pair (lerp, slerp)"), ("samples.png", "samples drawn with `tidygan sample`") })
        {
            var path = Path.Combine(runDirectory, file);
            if (File.Exists(path)) report.AddSection(caption).AddImage(path, file, 900);
        }
        var history = Directory.Exists(Path.Combine(runDirectory, "samples"))
            ? Directory.GetFiles(Path.Combine(runDirectory, "samples"), "step-*.png").Order(StringComparer.Ordinal).ToList() : [];
        if (history.Count > 1)
        {
            report.AddSection("How the samples evolved");
            foreach (var path in history.Count <= 6 ? history : Pick(history, 6)) report.AddImage(path, Path.GetFileNameWithoutExtension(path), 300);
        }
        if (elapsed is { } time)
            report.AddTimings([new("training (this session)", time)]).AddText(stepsPerSecond is { } rate ? $"{rate:F2} steps per second" : "");

        var configPath = Path.Combine(runDirectory, "config.json");
        if (File.Exists(configPath) && JsonNode.Parse(File.ReadAllText(configPath)) is JsonObject config)
            report.AddKeyValues(JsonFlattening.Flatten("", config).Select(e => new KeyValuePair<string, string>(e.Key, e.Value)), "Configuration (config.json)");

        var page = Path.Combine(runDirectory, PageName);
        report.Save(page);
        return page;
    }

    private static IEnumerable<string> Pick(IReadOnlyList<string> items, int count) =>
        Enumerable.Range(0, count).Select(i => items[(int)Math.Round(i * (items.Count - 1) / (double)(count - 1))]).Distinct();
}
