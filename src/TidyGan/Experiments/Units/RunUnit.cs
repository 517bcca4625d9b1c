using System.Text.Json.Nodes;

namespace TidyGan.Experiments.Units;

/// <summary>
/// One independent run of a study or sweep: what it computes (<see cref="Kind"/> + its resolved
/// <see cref="Configuration"/>), what it reads (<see cref="Data"/>, a <see cref="DataIdentity"/> as JSON), and the folder
/// it runs in, relative to its plan's folder. <see cref="Key"/> is the <see cref="ArmKey"/> hash of configuration + data:
/// the unit is done when that folder holds an arm.json with this key (see <see cref="ArmCache"/>).
/// </summary>
public sealed record RunUnit(string Name, string Kind, JsonObject Configuration, JsonObject Data, string Folder)
{
    /// <summary>The arm key of the unit (recomputed from configuration and data, never trusted from a file).</summary>
    public ArmKey Key => ArmKey.Of(Configuration, Data);

    /// <summary>A unit whose folder is units/HASH16 (the first 16 hex digits of its key): the sweep's layout.</summary>
    public static RunUnit Keyed(string name, string kind, JsonObject configuration, JsonObject data)
    {
        var key = ArmKey.Of(configuration, data);
        return new RunUnit(name, kind, key.Configuration, key.Data, Path.Combine("units", key.Hash[..16]));
    }
}
