using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.Experiments.Units;
using TidyGan.Training;

namespace TidyGan.Experiments.Sweeps;

/// <summary>One finished unit of a sweep: its grid values and seed, the step it ended at, and every scalar logged at
/// that step (losses, and whatever else the trainer logs; not the timing ones).</summary>
public sealed record SweepRow(int Unit, string Name, IReadOnlyDictionary<string, string> Settings, long Step, IReadOnlyDictionary<string, double?> Final);

/// <summary>
/// The table of `tidygan sweep collect`: one row per unit, from the last step of each run's scalars.jsonl, written as
/// results.json/.md (by <see cref="ResultsWriter"/>) in the sweep's folder. Values are the logged doubles as they are
/// (round-trip "R" formatting in JSON), so the tables of two executors can be compared bit for bit.
/// </summary>
public static class SweepTable
{
    /// <summary>Scalars that measure time, not training, and so differ between otherwise identical runs.</summary>
    private static readonly string[] Timing = ["steps_per_second"];

    public static IReadOnlyList<SweepRow> Read(UnitPlan plan)
    {
        var gridNames = (plan.Settings?["grid"] as JsonArray)?.Select(n => (string)n!).ToList() ?? [];
        var rows = new List<SweepRow>();
        for (int i = 0; i < plan.Units.Count; i++)
        {
            var unit = plan[i];
            var options = (JsonObject)unit.Configuration["options"]!;
            var settings = gridNames.Append("seed").ToDictionary(n => n, n => options[n] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : options[n]?.ToJsonString() ?? "");
            var log = Path.Combine(plan.UnitFolder(i), SweepConfig.RunFolder, ScalarLogger.JsonlName);
            if (!File.Exists(log)) throw new IO.UserException($"unit {i} ({unit.Name}) is done but has no {log}");
            var entries = File.ReadLines(log).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
            long step = entries.Count == 0 ? 0 : entries.Max(e => (long)e["step"]!);
            var final = new SortedDictionary<string, double?>(StringComparer.Ordinal);
            foreach (var e in entries.Where(e => (long)e["step"]! == step && !Timing.Contains((string)e["name"]!)))
                final[(string)e["name"]!] = (double?)e["value"];
            rows.Add(new SweepRow(i, unit.Name, settings, step, final));
        }
        return rows;
    }

    public static (string Json, string Markdown) Write(UnitPlan plan, IReadOnlyList<SweepRow> rows)
    {
        var json = new JsonObject
        {
            ["study"] = plan.Study,
            ["verb"] = (string?)plan.Settings?["verb"],
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["unit"] = r.Unit,
                ["name"] = r.Name,
                ["settings"] = new JsonObject(r.Settings.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["step"] = r.Step,
                ["final"] = new JsonObject(r.Final.Select(p => KeyValuePair.Create(p.Key, p.Value is { } v ? (JsonNode)JsonValue.Create(v) : null))),
            }).ToArray()),
        };
        return ResultsWriter.Write(plan.Folder, json, Markdown(rows));
    }

    public static string Markdown(IReadOnlyList<SweepRow> rows)
    {
        var settings = rows.SelectMany(r => r.Settings.Keys).Distinct().ToList();
        var scalars = rows.SelectMany(r => r.Final.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var md = new StringBuilder();
        md.AppendLine("| unit | " + string.Join(" | ", settings) + " | step | " + string.Join(" | ", scalars) + " |");
        md.AppendLine("|---|" + string.Concat(settings.Select(_ => "---|")) + "---|" + string.Concat(scalars.Select(_ => "---|")));
        foreach (var r in rows)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Unit} | {string.Join(" | ", settings.Select(s => r.Settings.GetValueOrDefault(s, "")))} | {r.Step} | {string.Join(" | ", scalars.Select(s => r.Final.GetValueOrDefault(s) is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "—"))} |"));
        return md.ToString();
    }
}
