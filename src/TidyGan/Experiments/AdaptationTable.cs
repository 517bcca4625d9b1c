using TidyGan.Data;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TidyGan.Experiments;

/// <summary>
/// The experiment's summary over seeds: per target, arm and class the mean ± sample sd of Dice and HD95, and the share
/// of the gap closed, (adapted − source-only) / (upper bound − source-only), per seed and as mean ± sd (sim-mr only:
/// the real CT has no supervised upper bound in this setting).
/// </summary>
public static class AdaptationTable
{
    /// <summary>Per seed, the share of the Dice gap closed for one class; NaN where the gap is not positive.</summary>
    public static IReadOnlyList<double> GapClosed(IReadOnlyList<ArmScore> scores, string target, int label)
    {
        var result = new List<double>();
        foreach (var seed in scores.Select(s => s.Seed).Distinct().Order())
        {
            double Dice(string arm) => scores.FirstOrDefault(s => s.Seed == seed && s.Target == target && s.Arm == arm)?
                .Classes.First(c => c.Label == label).Dice ?? double.NaN;
            double source = Dice(AdaptationArms.SourceOnly), adapted = Dice(AdaptationArms.Adapted), upper = Dice(AdaptationArms.Supervised);
            result.Add(upper - source > 1e-9 ? (adapted - source) / (upper - source) : double.NaN);
        }
        return result;
    }

    public static string Markdown(IReadOnlyList<ArmScore> scores)
    {
        var md = new StringBuilder();
        var seeds = scores.Select(s => s.Seed).Distinct().Order().ToArray();
        md.AppendLine($"Seeds: {string.Join(", ", seeds)} (mean ± sd over seeds; Dice pooled over the test slabs, HD95 = mean of per-slice 2-D HD95 in mm).");
        md.AppendLine();
        foreach (var target in scores.Select(s => s.Target).Distinct())
        {
            md.AppendLine($"### Target: {target}");
            md.AppendLine();
            md.AppendLine("| arm | Dice head (not brain) | Dice brain | HD95 head (mm) | HD95 brain (mm) | train time (s) |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var arm in new[] { AdaptationArms.SourceOnly, AdaptationArms.Adapted, AdaptationArms.Supervised })
            {
                var rows = scores.Where(s => s.Target == target && s.Arm == arm).ToList();
                if (rows.Count == 0) continue;
                string Cell(Func<ArmScore, double> pick, string format) => MeanSd.Of(rows.Select(pick)).Format(format);
                md.AppendLine($"| {arm} | {Cell(r => Dice(r, 1), "F3")} | {Cell(r => Dice(r, 2), "F3")} | {Cell(r => Hd(r, 1), "F1")} | {Cell(r => Hd(r, 2), "F1")} | {Cell(r => r.TrainSeconds, "F0")} |");
            }
            if (scores.Any(s => s.Target == target && s.Arm == AdaptationArms.Supervised))
            {
                md.AppendLine();
                foreach (var label in new[] { 1, 2 })
                {
                    var gaps = GapClosed(scores, target, label);
                    md.AppendLine($"Gap closed ({HeadLabels.Names[label]} Dice, %): {MeanSd.Of(gaps).Format("F0", 100)} (per seed: {string.Join(", ", gaps.Select(g => F(100 * g, "F0") + "%"))})  ");
                }
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    public static JsonObject Json(IReadOnlyList<ArmScore> scores) => new()
    {
        ["runs"] = new JsonArray(scores.Select(s => (JsonNode)new JsonObject
        {
            ["seed"] = s.Seed, ["target"] = s.Target, ["arm"] = s.Arm, ["trainSeconds"] = Num(s.TrainSeconds), ["run"] = s.RunFolder,
            ["classes"] = new JsonArray(s.Classes.Select(c => (JsonNode)new JsonObject
            {
                ["label"] = c.Label, ["name"] = c.Name, ["dice"] = Num(c.Dice), ["hd95Mm"] = Num(c.Hd95Mm), ["missedSlices"] = c.MissedSlices,
            }).ToArray()),
        }).ToArray()),
        ["gapClosed"] = new JsonObject(scores.Select(s => s.Target).Distinct().Where(t => scores.Any(s => s.Target == t && s.Arm == AdaptationArms.Supervised))
            .Select(t => new KeyValuePair<string, JsonNode?>(t, new JsonObject(new[] { 1, 2 }.Select(l =>
                new KeyValuePair<string, JsonNode?>(HeadLabels.Names[l], new JsonArray(GapClosed(scores, t, l).Select(g => (JsonNode?)Num(g)).ToArray())))))))
    };

    private static double Dice(ArmScore s, int label) => s.Classes.First(c => c.Label == label).Dice;
    private static double Hd(ArmScore s, int label) => s.Classes.First(c => c.Label == label).Hd95Mm;
    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
