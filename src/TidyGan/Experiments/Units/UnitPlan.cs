using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.IO;

namespace TidyGan.Experiments.Units;

/// <summary>
/// A study as a list of independent <see cref="RunUnit"/>s, written to plan.json in the study's (shared) folder: every
/// process that runs a unit — a local job or a Slurm array task on another node — reads the plan and runs unit INDEX
/// into its folder. Nothing depends on the submitting process staying alive. <see cref="Executor"/> records how the
/// units were last submitted, so `sweep collect` resubmits failed ones the same way.
/// </summary>
public sealed record UnitPlan(string Study, IReadOnlyList<RunUnit> Units, JsonObject? Settings = null, ExecutorChoice? Executor = null)
{
    public const string FileName = "plan.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The folder of the plan file (set by <see cref="Load"/>; <see cref="Write"/> sets it on the copy it returns).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Folder { get; init; } = "";

    public string PlanPath => Path.Combine(Folder, FileName);

    /// <summary>The full path of unit <paramref name="index"/>'s folder.</summary>
    public string UnitFolder(int index) => Path.GetFullPath(Path.Combine(Folder, this[index].Folder));

    public RunUnit this[int index] => index >= 0 && index < Units.Count ? Units[index]
        : throw new UserException($"{PlanPath} has {Units.Count} units (0 … {Units.Count - 1}); there is no unit {index}");

    /// <summary>Writes plan.json into <paramref name="folder"/> atomically. A plan already there with other units is an
    /// error (the study folder belongs to that plan); the same units are kept (a rerun may only change the executor).</summary>
    public UnitPlan Write(string folder)
    {
        folder = Path.GetFullPath(folder);
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            var old = Load(path);
            var before = old.Units.Select(u => u.Key.Hash).ToList();
            var after = Units.Select(u => u.Key.Hash).ToList();
            if (!before.SequenceEqual(after) || old.Study != Study)
                throw new UserException($"{path} holds another plan ({old.Study}, {old.Units.Count} units; this one: {Study}, {Units.Count} units, " +
                                        $"{after.Except(before).Count()} of them new). Choose another --out, or move that folder away.");
        }
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return this with { Folder = folder };
    }

    /// <summary>Reads a plan file (or the plan.json in a folder); every unit's folder must stay inside the plan's folder.</summary>
    public static UnitPlan Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new UserException($"{path}: no such plan file (a study folder holds {FileName} once the study was planned)");
        UnitPlan plan;
        try { plan = JsonSerializer.Deserialize<UnitPlan>(File.ReadAllText(path), Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new UserException($"{path}: not a readable plan: {e.Message}", e); }
        plan = plan with { Folder = Path.GetDirectoryName(path)! };
        foreach (var unit in plan.Units)
            if (!Path.GetFullPath(Path.Combine(plan.Folder, unit.Folder)).StartsWith(plan.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new UserException($"{path}: unit '{unit.Name}' has folder '{unit.Folder}' outside the plan's folder");
        return plan;
    }
}
