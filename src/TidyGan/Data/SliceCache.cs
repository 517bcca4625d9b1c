using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TidyGan.IO;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>What one <see cref="SliceCache"/> did: entries read (Hits), built because absent (Misses), rebuilt because
/// their key no longer matched the sources or options (Stale), rebuilt because unreadable, truncated or failing their
/// SHA-256 (Corrupt), and built but not stored (Uncacheable: an intensity mapping the cache cannot record).</summary>
public sealed record SliceCacheStatistics(int Hits, int Misses, int Stale, int Corrupt, int Uncacheable);

/// <summary>
/// Preprocessed slices of cohort subject volumes, written once and then read from disk slice by slice (<see cref="SliceFiles"/>:
/// positional reads through the page cache, not mapped, so the process's resident memory stays that of a batch)
/// instead of re-reading and re-slicing the NIfTI/DICOM sources. One entry per (subject, modality, preprocessing configuration): a binary file of
/// the float32 slices [N, C, H, W] (little-endian) and a JSON header with the shape, the intensity mapping, the slice
/// geometry, the key and the SHA-256 of the binary file. The key is the SHA-256 of the cache format version, the
/// modality, the per-subject <see cref="DatasetOptions"/> (Limit and Train excluded: the cohort applies them after
/// concatenation) and every source file's path, size and modification time (for a DICOM folder, all its files).
/// The file name holds a hash of everything but the sources, so touching a source makes the entry stale (detected,
/// reported, rebuilt in place) while other sizes or options have entries of their own. Both files are written
/// atomically (<see cref="AtomicFile"/>), binary first: a killed writer leaves either the old entry or a binary whose
/// hash does not match its header, which is detected as corrupt and rebuilt. Problems are reported through
/// <see cref="Warnings"/> and the optional callback, never the console.
/// <para>Location (<see cref="For"/>): <c>COHORT/.tidygan-cache/</c> (for a manifest, beside it) when writable, else
/// <c>$XDG_CACHE_HOME/tidygan/slices/HASH</c> (default <c>~/.cache/tidygan/...</c>), HASH naming the cohort path.
/// Environment variable <c>TIDYGAN_SLICE_CACHE</c>: <c>0</c>/<c>off</c> disables the cache, a folder path puts it there.</para>
/// </summary>
public sealed class SliceCache
{
    /// <summary>Bumped whenever the entry layout or the preprocessing it stores changes.</summary>
    public const int FormatVersion = 1;
    public const string FolderName = ".tidygan-cache";
    public const string EnvironmentVariable = "TIDYGAN_SLICE_CACHE";

    private readonly Action<string>? warn;
    private readonly List<string> warnings = [];
    private int hits, misses, stale, corrupt, uncacheable;

    public SliceCache(string directory, Action<string>? warn = null)
    {
        Directory = Path.GetFullPath(directory);
        this.warn = warn;
    }

    public string Directory { get; }

    public IReadOnlyList<string> Warnings => warnings;

    public SliceCacheStatistics Statistics => new(hits, misses, stale, corrupt, uncacheable);

    /// <summary>The cache of the cohort at <paramref name="cohortPath"/> (folder or manifest), or null when disabled by the environment.</summary>
    public static SliceCache? For(string cohortPath, Action<string>? warn = null)
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        if (env is "0" or "off" or "false" or "no") return null;
        if (!string.IsNullOrEmpty(env) && env is not ("1" or "on" or "true" or "yes")) return new SliceCache(env, warn);
        var full = Path.GetFullPath(cohortPath);
        var root = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        var local = Path.Combine(root, FolderName);
        if (Writable(local)) return new SliceCache(local, warn);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new SliceCache(Path.Combine(baseDir, "tidygan", "slices", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16]), warn);
    }

    private static bool Writable(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".probe.{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// The slices of <paramref name="item"/> preprocessed with <paramref name="options"/>: read from the cache when a valid
    /// entry exists, else <paramref name="build"/>() (which reads and slices the source), stored, and returned.
    /// </summary>
    public ImageSet GetOrBuild(string name, CohortItem item, DatasetOptions options, Func<ImageSet> build)
    {
        var config = ConfigurationText(item.Modality, options);
        var key = Key(config, item);
        var stem = Path.Combine(Directory, $"{Safe(item.Subject)}.{Safe(item.Modality)}.{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(config)))[..12]}");
        string header = stem + ".json", data = stem + ".f32";
        if (File.Exists(header) || File.Exists(data))
        {
            var (set, problem, isStale) = TryRead(name, header, data, key);
            if (set is not null) { hits++; return set; }
            if (isStale) stale++; else corrupt++;
            Warn($"slice cache: {item.Subject}/{item.Modality}: {problem}; rebuilding");
        }
        else misses++;
        var built = build();
        if (Describe(built.Intensity) is not { } intensity)
        {
            uncacheable++;
            return built;
        }
        try { Write(header, data, key, built, intensity); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn($"slice cache: {item.Subject}/{item.Modality}: not stored ({e.Message})");
            return built;
        }
        // Serve the entry just written (its hash was computed while writing), not the built tensor, so a cold run's memory
        // does not grow with the cohort either.
        var stored = new ImageSet
        {
            Name = name,
            Files = SliceFiles.Open(data, built.Count, [built.Channels, built.Height, built.Width]),
            Intensity = built.Intensity,
            Geometry = built.Geometry,
        };
        built.Dispose();
        return stored;
    }

    /// <summary>Everything but the sources that decides an entry's slices.</summary>
    private static string ConfigurationText(string modality, DatasetOptions options) =>
        $"v{FormatVersion}\nmodality={modality}\noptions={JsonSerializer.Serialize(options with { Limit = null, Train = true })}";

    /// <summary>SHA-256 of the configuration and every source file's full path, size and modification time (UTC ticks).</summary>
    public static string Key(string configuration, CohortItem item)
    {
        var text = new StringBuilder(configuration).Append('\n');
        foreach (var file in SourceFiles(item))
        {
            var info = new FileInfo(file);
            text.Append(Path.GetFullPath(file)).Append('|').Append(info.Exists ? info.Length : -1).Append('|')
                .Append(info.Exists ? info.LastWriteTimeUtc.Ticks : 0).Append('\n');
        }
        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The files a cohort item is read from: the NIfTI file (and an Analyze pair's .img), or a DICOM folder's files.</summary>
    private static IEnumerable<string> SourceFiles(CohortItem item)
    {
        if (System.IO.Directory.Exists(item.Path))
            return System.IO.Directory.EnumerateFiles(item.Path, "*", item.DirectDicom ? SearchOption.TopDirectoryOnly : SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal);
        var files = new List<string> { item.Path };
        foreach (var (hdr, img) in new[] { (".hdr.gz", ".img.gz"), (".hdr", ".img") })
            if (item.Path.EndsWith(hdr, StringComparison.OrdinalIgnoreCase))
            {
                var stem = item.Path[..^hdr.Length];
                files.AddRange(new[] { stem + img, stem + ".img", stem + ".img.gz" }.Distinct().Where(File.Exists));
                break;
            }
        return files;
    }

    private (ImageSet? Set, string? Problem, bool Stale) TryRead(string name, string headerPath, string dataPath, string key)
    {
        Header? h;
        try { h = JsonSerializer.Deserialize<Header>(File.ReadAllText(headerPath)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return (null, $"unreadable header ({e.GetType().Name})", false); }
        if (h is null || h.Shape is not { Length: 4 } || h.Sha256 is null || h.Intensity is null) return (null, "unreadable header", false);
        if (h.Version != FormatVersion || h.Key != key) return (null, "stale (sources or preprocessing changed)", true);
        long count = 1;
        foreach (var d in h.Shape) count *= d;
        if (count <= 0 || count > int.MaxValue) return (null, "bad shape in header", false);
        if (!File.Exists(dataPath)) return (null, "data file missing", false);
        long length = new FileInfo(dataPath).Length;
        if (length != count * sizeof(float)) return (null, $"data file has {length} bytes, header says {count * sizeof(float)} (truncated)", false);
        if (!BitConverter.IsLittleEndian) return (null, "big-endian host", false);
        if (FileSha256(dataPath) != h.Sha256) return (null, "SHA-256 mismatch (corrupt data)", false);
        var intensity = h.Intensity.ToMapping();
        if (intensity is null) return (null, $"unknown intensity mapping '{h.Intensity.Kind}'", false);
        return (new ImageSet
        {
            Name = name,
            Files = SliceFiles.Open(dataPath, h.Shape[0], h.Shape[1..]),
            Intensity = intensity,
            Geometry = h.Geometry?.ToGeometry(),
        }, null, false);
    }

    /// <summary>SHA-256 of a file, read in 1 MiB pieces (checking an entry never holds it in memory).</summary>
    private static string FileSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Hex(SHA256.HashData(stream));
    }

    private static void Write(string headerPath, string dataPath, string key, ImageSet set, IntensityRecord intensity)
    {
        using var contiguous = set.Images.to_type(torch.ScalarType.Float32).contiguous();
        var values = contiguous.data<float>().ToArray();
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        var header = new Header
        {
            Version = FormatVersion,
            Key = key,
            Shape = set.Images.shape,
            Sha256 = Hex(SHA256.HashData(bytes)),
            Intensity = intensity,
            Geometry = set.Geometry is { } g ? new GeometryRecord(g.Axis, g.RowSpacing, g.ColumnSpacing, g.SliceSpacing, g.Origin) : null,
        };
        AtomicFile.WriteAllBytes(dataPath, bytes);
        AtomicFile.WriteAllText(headerPath, JsonSerializer.Serialize(header, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static IntensityRecord? Describe(IIntensityMapping m) => m switch
    {
        HounsfieldWindow h => new IntensityRecord("hounsfield", h.Lower, h.Upper, null, null, h.Unit),
        PercentileScaling p => new IntensityRecord("percentile", p.Lower, p.Upper, p.LowerPercentile, p.UpperPercentile, p.UnitName),
        IdentityScaling i => new IntensityRecord("identity", 0, i.Max, null, null, i.Unit),
        // z-score: Lower/Upper hold the mean and standard deviation, LowerPercentile the clip (in standard deviations).
        ZScoreScaling z => new IntensityRecord("zscore", z.Mean, z.StandardDeviation, z.Clip, null, z.UnitName),
        _ => null,
    };

    private void Warn(string message)
    {
        warnings.Add(message);
        warn?.Invoke(message);
    }

    private static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private sealed class Header
    {
        public int Version { get; set; }
        public string? Key { get; set; }
        public long[]? Shape { get; set; }
        public string? Sha256 { get; set; }
        public IntensityRecord? Intensity { get; set; }
        public GeometryRecord? Geometry { get; set; }
    }

    private sealed record IntensityRecord(string Kind, double Lower, double Upper, double? LowerPercentile, double? UpperPercentile, string Unit)
    {
        public IIntensityMapping? ToMapping() => Kind switch
        {
            "hounsfield" => new HounsfieldWindow(Lower, Upper),
            "percentile" => new PercentileScaling(Lower, Upper, LowerPercentile ?? 0.5, UpperPercentile ?? 99.5, Unit),
            "identity" => new IdentityScaling(Upper),
            "zscore" => new ZScoreScaling(Lower, Upper, LowerPercentile ?? ZScoreScaling.DefaultClip, Unit),
            _ => null,
        };
    }

    private sealed record GeometryRecord(SliceAxis Axis, double RowSpacing, double ColumnSpacing, double SliceSpacing, double[] Origin)
    {
        public SliceGeometry ToGeometry() => new(Axis, RowSpacing, ColumnSpacing, SliceSpacing, Origin);
    }
}
