using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TidyGan.IO;

namespace TidyGan.Experiments;

/// <summary>What a probe of an arm's folder found.</summary>
public enum ArmState
{
    /// <summary>No folder: the arm has never run here.</summary>
    Missing,

    /// <summary>A folder without arm.json: an interrupted run, or one written before arms were keyed.</summary>
    Unfinished,

    /// <summary>arm.json with the same key, and the study's own check of the results passed: reuse it.</summary>
    Reusable,

    /// <summary>arm.json with another key: the arm ran with another configuration or on other data.</summary>
    Different,
}

/// <summary>The result of <see cref="ArmCache.Probe"/>; <see cref="Differences"/> is set for <see cref="ArmState.Different"/>.</summary>
public sealed record ArmProbe(ArmState State, string Folder, IReadOnlyList<string> Differences);

/// <summary>A probe that could not read what is in an arm's folder (unreadable or corrupt arm.json or results). Nothing was deleted.</summary>
/// <remarks>A <see cref="UserException"/>, so the CLI reports it as one <c>error:</c> line.</remarks>
public sealed class ArmCacheException(string message, Exception? inner = null) : UserException(message, inner);

/// <summary>
/// The arm cache of the studies. An arm runs into its own folder; when it completes, arm.json (its <see cref="ArmKey"/>:
/// hash, full configuration, data identity) is written there last, atomically. On a rerun:
/// <list type="bullet">
/// <item>same key, and the study's check of the results passes → the arm is reused;</item>
/// <item>different key → the study <b>stops</b> with an <see cref="ArmMismatchException"/> that names every differing
/// field (nothing is touched). With <c>force</c> the old folder is moved aside to NAME.replaced-UTCSTAMP and the arm reruns;</item>
/// <item>a folder without arm.json (interrupted, or from before arms were keyed) → moved aside the same way, and the arm reruns;</item>
/// <item>arm.json that cannot be read, or results the study cannot read → <see cref="ArmCacheException"/> naming the
/// path; the folder is left in place (with <c>force</c> it is moved aside and the arm reruns).</item>
/// </list>
/// A finished run is never deleted; every move is reported through <c>notice</c>.
/// </summary>
public static class ArmCache
{
    public const string FileName = "arm.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Looks at one arm's folder. <paramref name="resultsReadable"/> checks the arm's own result files (throw or return false when they are unusable).</summary>
    public static ArmProbe Probe(string folder, ArmKey key, Func<string, bool>? resultsReadable = null)
    {
        if (!Directory.Exists(folder)) return new ArmProbe(ArmState.Missing, folder, []);
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) return new ArmProbe(ArmState.Unfinished, folder, []);
        JsonObject stored;
        try
        {
            stored = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new JsonException("not a JSON object");
            _ = (string?)stored["key"] ?? throw new JsonException("no \"key\"");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            throw new ArmCacheException($"cannot read the arm record {file}: {e.Message}. The folder was left as it is; " +
                                        "move it away (or rerun with --force, which moves it aside) to recompute the arm.", e);
        }
        if ((string)stored["key"]! != key.Hash)
        {
            var differences = key.Differences(stored["configuration"] as JsonObject ?? [], stored["data"] as JsonObject ?? []);
            return new ArmProbe(ArmState.Different, folder, differences.Count > 0 ? differences : ["(the stored key does not match its own configuration)"]);
        }
        bool readable;
        try { readable = resultsReadable?.Invoke(folder) ?? true; }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ArmCacheException($"the arm in {folder} has a matching {FileName} but its results cannot be read: {e.Message}. " +
                                        "The folder was left as it is; rerun with --force to move it aside and recompute the arm.", e);
        }
        if (!readable)
            throw new ArmCacheException($"the arm in {folder} has a matching {FileName} but its results are incomplete. " +
                                        "The folder was left as it is; rerun with --force to move it aside and recompute the arm.");
        return new ArmProbe(ArmState.Reusable, folder, []);
    }

    /// <summary>
    /// Reuses the arm in <paramref name="folder"/> when its key matches, else runs it there (<paramref name="run"/> gets the
    /// folder; it need not exist) and writes arm.json after it returns. True when the arm ran, false when it was reused.
    /// </summary>
    public static bool GetOrRun(string folder, ArmKey key, bool force, Action<string> run, Func<string, bool>? resultsReadable = null,
        Action<string>? notice = null)
    {
        folder = Path.GetFullPath(folder);
        ArmProbe probe;
        try { probe = Probe(folder, key, resultsReadable); }
        catch (ArmCacheException) when (force) { probe = new ArmProbe(ArmState.Different, folder, ["(unreadable: --force)"]); }

        if (probe.State == ArmState.Reusable && !force) return false;
        if (probe.State == ArmState.Different && !force) throw new ArmMismatchException(folder, probe.Differences);
        if (probe.State != ArmState.Missing)
        {
            var aside = MoveAside(folder);
            notice?.Invoke(probe.State switch
            {
                ArmState.Unfinished => $"{folder} has no {FileName} (interrupted, or run before arms were keyed): moved aside to {aside}",
                ArmState.Reusable => $"--force: moved the finished arm {folder} aside to {aside}",
                _ => $"--force: moved {folder} aside to {aside} ({string.Join("; ", probe.Differences)})",
            });
        }
        run(folder);
        Complete(folder, key);
        return true;
    }

    /// <summary>Writes arm.json: the arm in <paramref name="folder"/> is complete with this key.</summary>
    public static void Complete(string folder, ArmKey key)
    {
        var record = new JsonObject
        {
            ["key"] = key.Hash,
            ["completedUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["toolVersion"] = JsonReport.ToolVersion,
            ["configuration"] = ArmKey.Canonical(key.Configuration),
            ["data"] = ArmKey.Canonical(key.Data),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), record.ToJsonString(Indented));
    }

    /// <summary>Renames a folder to FOLDER.replaced-yyyyMMddTHHmmssZ (a counter is added if that exists); returns the new path.</summary>
    public static string MoveAside(string folder)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{folder}.replaced-{stamp}";
        for (int i = 2; Directory.Exists(target) || File.Exists(target); i++) target = $"{folder}.replaced-{stamp}-{i}";
        Directory.Move(folder, target);
        return target;
    }
}

/// <summary>An arm's folder holds a run with another configuration; the message names every differing field.</summary>
/// <remarks>A <see cref="UserException"/>, so the CLI reports it as an <c>error:</c> message.</remarks>
public sealed class ArmMismatchException(string folder, IReadOnlyList<string> differences)
    : UserException($"{folder} holds a finished arm with another configuration:\n  " + string.Join("\n  ", differences) +
                "\nRerun with --force to move it aside and recompute, or choose another --out.")
{
    public string Folder { get; } = folder;
    public IReadOnlyList<string> Differences { get; } = differences;
}
