using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TidyGan.IO;

/// <summary>The JSON files commands write for people and scripts: indented, written atomically, stamped with the TidyGan version.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The TidyGan build (version + commit) that produced a result.</summary>
    public static string ToolVersion { get; } =
        typeof(JsonReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public static void Write(string path, JsonNode json) => AtomicFile.WriteAllText(path, json.ToJsonString(Indented));
}
