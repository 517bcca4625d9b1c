using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TidyGan.Experiments.Modes;

/// <summary>One row of the table: a method on a mixture over its seeds.</summary>
public sealed record ModeTableRow(string Data, string Method, int Modes, int Seeds, MeanSd ModesRecovered, MeanSd HighQualityPercent,
    MeanSd KlToUniform, double Seconds, double StepsPerSecond);

/// <summary>The results table of `tidygan modes`: rows per (mixture, method), written as results.json and results.md.</summary>
public sealed record ModeTable(IReadOnlyList<ModeTableRow> Rows, IReadOnlyList<ModeRunResult> Runs, ModeBenchmarkOptions Options, double WallSeconds, int Jobs)
{
    public const string JsonFile = "results.json";
    public const string MarkdownFile = "results.md";

    public static ModeTable From(IReadOnlyList<ModeRunResult> runs, IReadOnlyDictionary<string, int> modeCounts, ModeBenchmarkOptions options, double wallSeconds, int jobs)
    {
        var rows = runs.GroupBy(r => (r.Data, r.Method))
            .Select(g => new ModeTableRow(g.Key.Data, g.Key.Method, modeCounts[g.Key.Data], g.Count(),
                MeanSd.Of(g.Select(r => (double)r.Final.ModesRecovered)),
                MeanSd.Of(g.Select(r => 100 * r.Final.HighQualityFraction)),
                MeanSd.Of(g.Select(r => r.Final.KlToUniform)),
                g.Sum(r => r.Seconds), g.Average(r => r.StepsPerSecond)))
            .ToList();
        return new ModeTable(rows, runs, options, wallSeconds, jobs);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public void Write(string folder)
    {
        ResultsWriter.Write(folder, JsonSerializer.SerializeToNode(this, Json)!, ToMarkdown());
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("| data | method | modes recovered | high-quality samples (%) | KL(modes ‖ uniform) | seeds | run time, sum (s) | steps/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Data} | {r.Method} | {r.ModesRecovered.Format("0.0")} / {r.Modes} | {r.HighQualityPercent.Format("0.0")} | {r.KlToUniform.Format("0.00")} | {r.Seeds} | {r.Seconds:0} | {r.StepsPerSecond:0} |"));
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{Options.Steps} generator steps per run, {Options.EvaluationPoints} generated points scored, a mode recovered with ≥ {Options.MinimumCount} high-quality point(s) (within 3σ); {Runs.Count} runs in {WallSeconds:0} s wall-clock with {Jobs} parallel job(s)."));
        return md.ToString();
    }
}
