using System.Text.Json.Nodes;
using TidyGan.IO;

namespace TidyGan.Experiments;

/// <summary>
/// The one writer of study results: STEM.json (machine-readable rows, stamped with the tool version) and STEM.md (the
/// Markdown the study renders), each written atomically (<see cref="AtomicFile"/>) — a reader sees the old file or the
/// whole new one. The stem is "results" for every study except `saturation table`, which keeps saturation.json/.md.
/// </summary>
public static class ResultsWriter
{
    public const string DefaultStem = "results";

    public static (string Json, string Markdown) Write(string folder, JsonNode json, string markdown, string stem = DefaultStem)
    {
        Directory.CreateDirectory(folder);
        if (json is JsonObject o && !o.ContainsKey("toolVersion")) o["toolVersion"] = JsonReport.ToolVersion;
        string jsonPath = Path.Combine(folder, stem + ".json"), mdPath = Path.Combine(folder, stem + ".md");
        JsonReport.Write(jsonPath, json);
        AtomicFile.WriteAllText(mdPath, markdown);
        return (jsonPath, mdPath);
    }
}
