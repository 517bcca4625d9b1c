using System.Text.Json.Nodes;

namespace TidyGan.IO;

/// <summary>Nested JSON (resolved options, config.json) as dotted keys and text values, for tables.</summary>
public static class JsonFlattening
{
    public static IEnumerable<(string Key, string Value)> Flatten(string prefix, JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Flatten(prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}", p.Value)),
        null => [(prefix, "null")],
        _ => [(prefix, node.ToJsonString().Trim('"'))],     // arrays stay one JSON value
    };
}
