using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.Experiments.Units;
using TidyGan.IO;

namespace TidyGan.Experiments.Sweeps;

/// <summary>
/// A grid over `tidygan train VERB` options, read from sweep.json:
/// <code>
/// { "verb": "dcgan",
///   "options": { "data": "fashion-mnist", "steps": 200, "limit": 2000 },   // every unit
///   "grid": { "lr": [0.0002, 0.001], "width": [16, 32] },                  // the product of these
///   "seeds": [0, 1, 2] }                                                    // × these
/// </code>
/// Option names are the `train` flags without "--" (a true boolean is the bare flag); "out", "resume" and "seed" are
/// the sweep's. Each grid point × seed is one <see cref="RunUnit"/> of kind "train" whose configuration is
/// {"verb", "options"} (every flag, resolved), in units/HASH16/ of the sweep's folder; the run itself is in its run/.
/// </summary>
public sealed record SweepConfig(string Verb, JsonObject Options, IReadOnlyList<(string Name, IReadOnlyList<JsonNode> Values)> Grid, IReadOnlyList<int> Seeds)
{
    public const string UnitKind = "train";
    public const string RunFolder = "run";
    private static readonly string[] Reserved = ["out", "resume", "seed"];

    public static SweepConfig Load(string path)
    {
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot read the sweep configuration: {e.Message}", e);
        }
        return Parse(root, path);
    }

    public static SweepConfig Parse(JsonObject root, string source)
    {
        string Fail(string what) => throw new UserException($"{source}: {what}");
        foreach (var key in root.Select(p => p.Key))
            if (key is not ("verb" or "options" or "grid" or "seeds")) Fail($"unknown key \"{key}\" (expected verb, options, grid, seeds)");
        var verb = (root["verb"] as JsonValue)?.GetValue<string>() ?? Fail("\"verb\" is required (dcgan or cgan: `tidygan train VERB`)");
        var options = root["options"] as JsonObject ?? (root["options"] is null ? [] : throw new UserException($"{source}: \"options\" must be an object"));
        var grid = new List<(string, IReadOnlyList<JsonNode>)>();
        if (root["grid"] is JsonObject g)
            foreach (var (name, values) in g)
            {
                if (values is not JsonArray array || array.Count == 0) Fail($"grid \"{name}\" must be a non-empty array of values");
                if (options.ContainsKey(name)) Fail($"\"{name}\" is in both options and grid");
                grid.Add((name, ((JsonArray)values!).Select(v => v ?? throw new UserException($"{source}: grid \"{name}\" holds null")).ToList()));
            }
        else if (root["grid"] is not null) Fail("\"grid\" must be an object of arrays");
        int Seed(JsonNode? v) => v is JsonValue value && value.TryGetValue<int>(out var seed) ? seed : throw new UserException($"{source}: \"seeds\" must be an array of integers (got {v?.ToJsonString() ?? "null"})");
        var seeds = root["seeds"] is JsonArray s ? s.Select(Seed).ToList() : root["seeds"] is null ? [0] : [Seed(root["seeds"])];
        if (seeds.Count == 0 || seeds.Distinct().Count() != seeds.Count) Fail("\"seeds\" must be distinct integers, at least one");
        foreach (var name in options.Select(p => p.Key).Concat(grid.Select(p => p.Item1)))
            if (Reserved.Contains(name)) Fail($"\"{name}\" is set by the sweep (each unit's folder, its resume and its seed); leave it out");
        foreach (var (name, value) in options)
            if (value is not JsonValue) Fail($"option \"{name}\" must be a string, number or boolean");
        return new SweepConfig(verb, options, grid, seeds);
    }

    /// <summary>Every option name the sweep sets (options and grid), to be checked against the verb's flags.</summary>
    public IEnumerable<string> OptionNames => Options.Select(p => p.Key).Concat(Grid.Select(g => g.Name)).Append("seed");

    /// <summary>The units: grid points in order (the last grid key varies fastest), each × every seed.</summary>
    public IReadOnlyList<RunUnit> Units()
    {
        IEnumerable<List<(string Name, JsonNode Value)>> points = [[]];
        foreach (var (name, values) in Grid)
            points = points.SelectMany(p => values.Select(v => new List<(string, JsonNode)>(p) { (name, v) }));
        var data = Options["data"] is JsonValue d ? d.ToString() : "";
        var units = new List<RunUnit>();
        foreach (var point in points)
            foreach (var seed in Seeds)
            {
                var options = (JsonObject)Options.DeepClone();
                foreach (var (name, value) in point) options[name] = value.DeepClone();
                options["seed"] = seed;
                var label = string.Join(' ', point.Select(p => $"{p.Name}={Text(p.Value)}").Append(string.Create(CultureInfo.InvariantCulture, $"seed={seed}")));
                units.Add(RunUnit.Keyed(label, UnitKind, new JsonObject { ["verb"] = Verb, ["options"] = options }, DataIdentity.Named(data).ToJson()));
            }
        return units;
    }

    /// <summary>The plan of the whole sweep (the config itself is kept in the plan's settings).</summary>
    public UnitPlan Plan() => new("sweep", Units(), new JsonObject
    {
        ["verb"] = Verb,
        ["grid"] = new JsonArray(Grid.Select(g => (JsonNode)g.Name).ToArray()),
    });

    /// <summary>The `train VERB` arguments of a unit's configuration: --name value per option, a bare --name for true.</summary>
    public static IReadOnlyList<string> TrainArguments(JsonObject configuration)
    {
        var args = new List<string> { "train", (string)configuration["verb"]! };
        foreach (var (name, value) in (JsonObject)configuration["options"]!)
        {
            if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True) { args.Add("--" + name); continue; }
            if (value is JsonValue f && f.GetValueKind() is JsonValueKind.False) continue;
            args.Add("--" + name);
            args.Add(Text(value!));
        }
        return args;
    }

    private static string Text(JsonNode value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
}
