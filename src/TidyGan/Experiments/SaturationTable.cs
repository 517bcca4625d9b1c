using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TidyGan.Reports;

namespace TidyGan.Experiments;

/// <summary>
/// The saturation study's table (`tidygan saturation table`): gathers the runs of scripts/saturation-experiment.sh
/// (folders LOSS-seedN with scores.json from `evaluate --json`, plus real-vs-real.json) into saturation.md/.json
/// (through <see cref="ResultsWriter"/>) and the D(G(z)) plots d_fake.png and d_fake_early.png.
/// </summary>
public static class SaturationTable
{
    /// <summary>What <see cref="Write"/> produced: the Markdown and the number of losses and runs.</summary>
    public sealed record Summary(string Markdown, string MarkdownPath, int Losses, int Runs);

    public static Summary Write(string root, string outDir)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"--runs '{root}' does not exist");
        var runs = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)
            .Select(name => (name, dash: name.LastIndexOf("-seed", StringComparison.Ordinal)))
            .Where(t => t.dash > 0 && File.Exists(Path.Combine(root, t.name, "scores.json")))
            .Select(t => Load(root, t.name, t.name[..t.dash], int.Parse(t.name[(t.dash + 5)..], CultureInfo.InvariantCulture)))
            .ToList();
        if (runs.Count == 0) throw new ArgumentException($"--runs '{root}': no LOSS-seedN folders with scores.json (run scripts/saturation-experiment.sh)");
        var floorPath = Path.Combine(root, "real-vs-real.json");
        var floor = File.Exists(floorPath) ? ReadScores(floorPath) : null;

        var md = Markdown(runs, floor, out var json);
        var (_, mdPath) = ResultsWriter.Write(outDir, json, md, stem: "saturation");
        var series = runs.Select(r => new ScalarSeries($"D(G(z)) {r.Name}", r.DFake)).ToList();
        LossCurves.Save(series, Path.Combine(outDir, "d_fake.png"), "Mean D(G(z)) on each step's fakes (logged every 10 steps)", yLabel: "D(G(z)) = mean σ(l)");
        var early = runs.Select(r => new ScalarSeries($"D(G(z)) {r.Name}", r.DFake.Where(p => p.Step <= 300).ToList())).ToList();
        LossCurves.Save(early, Path.Combine(outDir, "d_fake_early.png"), "Mean D(G(z)), first 300 steps", yLabel: "D(G(z)) = mean σ(l)");
        return new Summary(md, mdPath, runs.Select(r => r.Loss).Distinct().Count(), runs.Count);
    }

    public sealed record Run(string Name, string Loss, int Seed, Dictionary<string, (double Value, double? Low, double? High)> Scores,
        IReadOnlyList<(long Step, double Value)> DFake, IReadOnlyList<(long Step, double Value)> DReal, string? Time);

    private static readonly string[] Metrics = { "fd", "kid", "precision@k5", "recall@k5", "density@k5", "coverage@k5" };

    private static Run Load(string root, string name, string loss, int seed)
    {
        var folder = Path.Combine(root, name);
        var scalars = Path.Combine(folder, "scalars.csv");
        var series = File.Exists(scalars) ? ScalarLog.Read(scalars) : Array.Empty<ScalarSeries>();
        IReadOnlyList<(long, double)> Points(string s) => series.FirstOrDefault(x => x.Name == s)?.Points ?? Array.Empty<(long, double)>();
        var timeFile = Path.Combine(root, name + ".time");
        return new Run(name, loss, seed, ReadScores(Path.Combine(folder, "scores.json")), Points("D/fake"), Points("D/real"),
            File.Exists(timeFile) ? File.ReadAllText(timeFile).Trim().Split('\n')[^1] : null);   // /usr/bin/time's last line
    }

    private static Dictionary<string, (double, double?, double?)> ReadScores(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty JSON");
        var metrics = root["metrics"]?.AsArray() ?? throw new InvalidDataException($"{path}: no 'metrics' array (written by `tidygan evaluate --json`?)");
        return metrics.Where(m => m is not null).ToDictionary(
            m => (string)m!["name"]!,
            m => ((double)m!["value"]!, (double?)m["ci_low"], (double?)m["ci_high"]));
    }

    private static string F(double v) => v.ToString(Math.Abs(v) >= 100 ? "0.0" : Math.Abs(v) >= 10 ? "0.00" : "0.000", CultureInfo.InvariantCulture);

    private static double MeanOver(IReadOnlyList<(long Step, double Value)> points, long from, long to)
    {
        var v = points.Where(p => p.Step >= from && p.Step <= to).Select(p => p.Value).ToList();
        return v.Count == 0 ? double.NaN : v.Average();
    }

    private static string Markdown(List<Run> runs, Dictionary<string, (double Value, double? Low, double? High)>? floor, out JsonObject json)
    {
        var md = new StringBuilder();
        var present = Metrics.Where(m => runs.All(r => r.Scores.ContainsKey(m))).ToList();
        md.AppendLine("| loss | seeds | " + string.Join(" | ", present) + " |");
        md.AppendLine("|---|---|" + string.Concat(present.Select(_ => "---|")));
        json = new JsonObject();
        var byLoss = new JsonObject();
        foreach (var group in runs.GroupBy(r => r.Loss))
        {
            var cells = new List<string>();
            var entry = new JsonObject { ["seeds"] = new JsonArray(group.Select(r => (JsonNode)r.Seed).ToArray()) };
            foreach (var m in present)
            {
                var score = MeanSd.Of(group.Select(r => r.Scores[m].Value));
                cells.Add(score.N == 0 ? "—" : score.Sd is { } sd ? $"{F(score.Mean)} ± {F(sd)}" : $"{F(score.Mean)} (n = 1)");
                entry[m] = score.ToJson();
            }
            byLoss[group.Key] = entry;
            md.AppendLine($"| {group.Key} | {group.Count()} | " + string.Join(" | ", cells) + " |");
        }
        if (floor is not null)
        {
            md.AppendLine("| real vs real (floor) | — | " + string.Join(" | ", present.Select(m => floor.TryGetValue(m, out var s) ? F(s.Value) : "—")) + " |");
            json["real_vs_real"] = new JsonObject(present.Where(floor.ContainsKey).Select(m => KeyValuePair.Create(m, (JsonNode?)floor[m].Value)));
        }
        json["by_loss"] = byLoss;
        md.AppendLine();
        md.AppendLine("Mean ± sample sd over seeds. Per run, each score with the 95% interval `evaluate` gave it (KID: over subsets; FD, precision, recall: half-sampling), where it gave one; D(G(z)) = mean σ(l) on the fakes, logged every 10 steps:");
        md.AppendLine();
        md.AppendLine("| run | FD (95%) | KID (95%) | precision (95%) | recall (95%) | D(G(z)) steps 10–100 | D(G(z)) last 100 steps | D(x) last 100 steps | time |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var perRun = new JsonArray();
        foreach (var r in runs)
        {
            string Get(string m) => !r.Scores.TryGetValue(m, out var s) ? "—"
                : s.Low is { } lo && s.High is { } hi ? $"{F(s.Value)} ({F(lo)} … {F(hi)})" : F(s.Value);
            long last = r.DFake.Count > 0 ? r.DFake[^1].Step : 0;
            double early = MeanOver(r.DFake, 10, 100), lateFake = MeanOver(r.DFake, last - 99, last), lateReal = MeanOver(r.DReal, last - 99, last);
            md.AppendLine($"| {r.Name} | {Get("fd")} | {Get("kid")} | {Get("precision@k5")} | {Get("recall@k5")} | {F(early)} | {F(lateFake)} | {F(lateReal)} | {r.Time ?? "—"} |");
            perRun.Add(new JsonObject
            {
                ["run"] = r.Name, ["loss"] = r.Loss, ["seed"] = r.Seed,
                ["scores"] = new JsonObject(r.Scores.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["value"] = s.Value.Value, ["ci_low"] = s.Value.Low, ["ci_high"] = s.Value.High }))),
                ["d_fake_steps_10_100"] = double.IsFinite(early) ? early : null,
                ["d_fake_last_100"] = double.IsFinite(lateFake) ? lateFake : null,
                ["d_real_last_100"] = double.IsFinite(lateReal) ? lateReal : null,
                ["time"] = r.Time,
            });
        }
        json["runs"] = perRun;
        return md.ToString();
    }

}
