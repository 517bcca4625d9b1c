using TidyGan.IO;
using System.Text.Json;

namespace TidyGan.Training;

/// <summary>One resolved setting, its default, and whether the user changed it.</summary>
public sealed record ConfigEntry(string Key, string Value, string Default)
{
    public bool Changed => Value != Default;
}

/// <summary>Flattens two option records to dotted keys and marks what differs from the defaults (as pytorch-CycleGAN's options/ prints).</summary>
public static class ConfigDiff
{
    public static IReadOnlyList<ConfigEntry> Compare<T>(string prefix, T resolved, T defaults)
    {
        var now = JsonFlattening.Flatten(prefix, JsonSerializer.SerializeToNode(resolved, Checkpoint.Json));
        var then = JsonFlattening.Flatten(prefix, JsonSerializer.SerializeToNode(defaults, Checkpoint.Json)).ToDictionary(e => e.Key, e => e.Value);
        return now.Select(e => new ConfigEntry(e.Key, e.Value, then.GetValueOrDefault(e.Key, "—"))).ToList();
    }
}
