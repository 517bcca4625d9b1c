using TidyGan.IO;
using TorchSharp;

namespace TidyGan.Data;

/// <summary>
/// <c>cohort:PATH[:MODALITY][@SPLIT]</c> as one <see cref="ImageSet"/>: the axial slices of every subject of one split
/// (default: train, or test when <see cref="DatasetOptions.Train"/> is false) in that modality, each subject volume sliced
/// by nifti:PATH's path (<see cref="Datasets.FromVolume"/>): modality <c>ct</c> (or a volume in HU) → ct-head's HU
/// window; any other → per-volume percentile scaling. The split is <see cref="Cohort.Split(CohortSplitRule)"/> with the manifest's split
/// column where given, else <see cref="DatasetOptions.Split"/> (default fractions 0.8, 0.1, 0.1 and seed 0, so a name always
/// means the same subjects). Labels from
/// the manifest's label column become class labels (class names sorted). <see cref="DatasetOptions.Limit"/> keeps at
/// most that many slices in all (subjects in id order). The result's <see cref="ImageSet.Subjects"/> records the split.
/// </summary>
public static class CohortSlices
{
    public const string Prefix = "cohort:";

    /// <summary>Splits "cohort:PATH[:MOD][@SPLIT]" into its parts.</summary>
    public static (string Path, string? Modality, string? Split) ParseName(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) throw new ArgumentException($"not a cohort name: {name}", nameof(name));
        string rest = name[Prefix.Length..];
        string? split = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0 && Cohort.SplitNames.Contains(rest[(at + 1)..].ToLowerInvariant()))
        {
            split = rest[(at + 1)..].ToLowerInvariant();
            rest = rest[..at];
        }
        else if (at >= 0 && !rest[(at + 1)..].Contains('/'))
            throw new UserException($"{name}: unknown split '{rest[(at + 1)..]}'; use @train, @val or @test");
        string? modality = null;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && !rest[(colon + 1)..].Contains('/') && !rest[(colon + 1)..].Contains('\\'))
        {
            modality = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        if (rest.Length == 0) throw new UserException($"{name}: no path; use cohort:PATH[:MODALITY][@SPLIT]");
        return (rest, modality, split);
    }

    /// <summary>Loads through the cohort's default <see cref="SliceCache"/> (<see cref="SliceCache.For"/>; off with TIDYGAN_SLICE_CACHE=0).</summary>
    public static ImageSet Load(string name, DatasetOptions options) => Load(name, options, SliceCache.For(ParseName(name).Path));

    /// <summary>Loads through <paramref name="cache"/> (null: read and slice every source).</summary>
    public static ImageSet Load(string name, DatasetOptions options, SliceCache? cache)
    {
        var (path, modality, split) = ParseName(name);
        var cohort = Cohort.Open(path);
        return Load(name, cohort, cohort.SelectModality(modality), split ?? (options.Train ? "train" : "test"), cohort.Split(options.Split), options, cache);
    }

    /// <summary>The slices of <paramref name="split"/>'s subjects that have <paramref name="modality"/>, through <paramref name="cache"/> when given.</summary>
    public static ImageSet Load(string name, Cohort cohort, string modality, string split, CohortSplit splits, DatasetOptions options, SliceCache? cache = null)
    {
        var subjects = splits[split].Where(s => cohort.Item(s, modality) is not null).ToList();
        if (subjects.Count == 0)
            throw new UserException($"{name}: no subject of split '{split}' has modality '{modality}' (split sizes: train {splits.Train.Count}, val {splits.Val.Count}, test {splits.Test.Count})");
        var labels = subjects.Select(cohort.Label).ToList();
        if (labels.Any(l => l is null) && labels.Any(l => l is not null))
            throw new UserException($"{name}: subjects {string.Join(", ", subjects.Where((s, i) => labels[i] is null).Take(5))} have no label while others do");
        var classNames = labels.All(l => l is not null) ? labels.Select(l => l!).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList() : [];
        var perSubject = options with { Limit = null };
        var sets = new List<ImageSet>();
        try
        {
            foreach (var subject in subjects)
            {
                var item = cohort.Item(subject, modality)!;
                ImageSet Build()
                {
                    var volume = ReadVolume(item);
                    bool? ct = modality == "ct" || volume.Kind == IntensityKind.Hounsfield ? true : null;
                    return Datasets.FromVolume($"{name}/{subject}", volume, perSubject, ct);
                }
                sets.Add(cache is null ? Build() : cache.GetOrBuild($"{name}/{subject}", item, perSubject, Build));
            }
            bool hu = sets[0].Intensity.Unit == "HU";
            if (sets.Any(s => (s.Intensity.Unit == "HU") != hu))
                throw new UserException($"{name}: modality '{modality}' mixes CT (HU) and non-CT volumes: {string.Join(", ", subjects.Where((s, i) => sets[i].Intensity.Unit == "HU"))} are CT");
            using var scope = torch.NewDisposeScope();
            var counts = sets.Select(s => s.Count).ToArray();
            torch.Tensor? labelTensor = classNames.Count > 0
                ? torch.tensor(subjects.SelectMany((s, i) => Enumerable.Repeat((long)classNames.IndexOf(labels[i]!), counts[i])).ToArray())
                : null;
            long total = counts.Sum(c => (long)c);
            long kept = options.Limit is int limit ? Math.Min(limit, total) : total;
            if (kept < total) labelTensor = labelTensor?[..(int)kept];
            // All subjects in the slice cache: the set stays on disk and training reads it batch by batch (memory flat in
            // the cohort's size). Otherwise (cache off, or an entry it could not store) the slices are joined in memory.
            SliceFiles? files = null;
            torch.Tensor? images = null;
            if (sets.All(s => s.Files is not null)) files = SliceFiles.Concat(sets.Select(s => s.Files!).ToList()).Take(kept);
            else
            {
                images = torch.cat(sets.Select(s => s.Images).ToList(), 0);
                if (kept < total) images = images[..(int)kept];
                images = images.contiguous().MoveToOuterDisposeScope();
            }
            return new ImageSet
            {
                Name = name,
                Images = images!,
                Files = files,
                Labels = labelTensor?.contiguous().MoveToOuterDisposeScope(),
                ClassNames = classNames,
                // MR: each volume is scaled by its own percentiles; the first subject's mapping stands for all.
                Intensity = sets[0].Intensity,
                Geometry = SharedGeometry(sets),
                Subjects = splits with { Loaded = split },
            };
        }
        finally
        {
            foreach (var s in sets) s.Dispose();
        }
    }

    /// <summary>A cohort item's volume: a NIfTI file, a DICOM series folder, or the DICOM files lying directly in a subject folder.</summary>
    public static Volume ReadVolume(CohortItem item)
    {
        if (!item.DirectDicom) return VolumeFiles.Read(item.Path);
        var full = Path.GetFullPath(item.Path);
        var direct = DicomSeriesReader.ReadAll(item.Path)
            .Where(s => s.Files.All(f => Path.GetDirectoryName(Path.GetFullPath(f)) == full)).ToList();
        return direct.Count == 1 ? direct[0].Volume
            : throw new UserException($"cohort: {item.Path} holds {direct.Count} DICOM series directly; put each in a sub-folder named after its modality");
    }

    /// <summary>The first subject's geometry when all subjects share its pixel and slice spacing, else none.</summary>
    private static SliceGeometry? SharedGeometry(List<ImageSet> sets)
    {
        var g = sets[0].Geometry;
        if (g is null) return null;
        static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(1, Math.Abs(a));
        return sets.All(s => s.Geometry is { } o && o.Axis == g.Axis && Near(o.RowSpacing, g.RowSpacing) && Near(o.ColumnSpacing, g.ColumnSpacing) && Near(o.SliceSpacing, g.SliceSpacing))
            ? g : null;
    }
}
