using System.Globalization;
using System.Text.Json.Nodes;

namespace TidyGan.Experiments;

/// <summary>
/// What an arm read, for its <see cref="ArmKey"/>: a name (the dataset as the user gave it) and, per source file, its
/// full path, size in bytes and last-write time (UTC, ticks). Size + modification time, not a content hash: hashing
/// Fashion-MNIST or a large image folder on every probe would cost more than some arms; a file replaced in place
/// with the same size and timestamp is not noticed. A folder contributes every file under it (sorted by path).
/// Paths that do not exist are recorded as missing, so a later appearance changes the key.
/// </summary>
public sealed record DataIdentity(string Name, IReadOnlyList<string> Files)
{
    /// <summary>No files: the arm's data is fully described by its configuration (e.g. a synthetic mixture).</summary>
    public static DataIdentity Named(string name) => new(name, []);

    /// <summary>The given files and folders (each folder expanded to every file under it).</summary>
    public static DataIdentity Of(string name, params string[] paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            var full = Path.GetFullPath(p);
            if (Directory.Exists(full)) files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else files.Add(full);
        }
        return new DataIdentity(name, files);
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["files"] = new JsonArray(Files.Select(f =>
        {
            var info = new FileInfo(f);
            return (JsonNode)new JsonObject
            {
                ["path"] = f,
                ["size"] = info.Exists ? info.Length : null,
                ["modifiedUtc"] = info.Exists ? info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "missing",
            };
        }).ToArray()),
    };
}
