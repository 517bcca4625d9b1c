using System.Globalization;
using TidyGan.Data;
using TidyGan.Gans;
using TidyGan.IO;

namespace TidyGan.Training;

/// <summary>
/// The training-data part of a model card: each data source a run read (one, two domains for Cycle-GAN, labelled and
/// target for adaptation), its preprocessing, a cohort's subjects and splits, and the SHA-256 of its input files.
/// </summary>
public static class ModelCardData
{
    public static IReadOnlyList<CardDataSource> Of(CheckpointManifest manifest, IModelOptions? options)
    {
        var trainer = manifest.Trainer;
        string augmentation = Describe(trainer.Augmentation);
        return options switch
        {
            CycleGanConfig c =>
            [
                Source("domain A", c.DomainA, c.DomainA.Name, null, c.FieldOfViewMm, c.MaxDepthMm, augmentation),
                Source("domain B", c.DomainB, c.DomainB.Name, null, c.FieldOfViewMm, c.MaxDepthMm, augmentation),
            ],
            SegmentationConfig s => Segmentation(manifest, s, augmentation),
            IPairedOptions p => Paired(p.Data, augmentation),
            _ => [Source("training", manifest.Data, manifest.Data.Name, null, null, null, augmentation)],
        };
    }

    private static IReadOnlyList<CardDataSource> Paired(PairedDomains d, string augmentation) =>
    [
        Source("input (A)", d.Input, d.Input.Name, null, d.FieldOfViewMm, d.MaxDepthMm, augmentation),
        Source("target (B)", d.Target, d.Target.Name, null, d.FieldOfViewMm, d.MaxDepthMm, augmentation),
    ];

    private static IReadOnlyList<CardDataSource> Segmentation(CheckpointManifest manifest, SegmentationConfig s, string augmentation)
    {
        var sources = new List<CardDataSource>
        {
            Source("labelled", manifest.Data, s.LabelledDomain, s.LabelledCohort, s.Data.FieldOfViewMm, null, augmentation, segmentation: true),
        };
        if (s.Adaptation is not null && s.TargetDomain is { } target)
        {
            var description = manifest.Data with { Name = target, Count = 0, ClassNames = [], Subjects = s.TargetCohort is { } cohort ? cohort.Subjects with { Loaded = "train" } : null };
            sources.Add(Source("target (unlabelled)", description, target, s.TargetCohort, s.Data.FieldOfViewMm, null, augmentation, segmentation: true));
        }
        return sources;
    }

    private static CardDataSource Source(string role, DataDescription d, string name, SegmentationCohort? cohort, double? fov, double? maxDepth, string augmentation,
        bool segmentation = false)
    {
        var (source, files, note) = InputFiles(name, cohort, segmentation);
        var g = d.Geometry;
        var c = CultureInfo.InvariantCulture;
        var preprocessing = new CardPreprocessing(d.Size, d.Channels,
            string.Create(c, $"[−1, 1] ↔ [{d.IntensityLow:G6}, {d.IntensityHigh:G6}] {d.IntensityUnit} (linear)"), d.IntensityUnit, d.IntensityLow, d.IntensityHigh,
            fov ?? (g is null ? null : g.ColumnSpacing * d.Size), g is null ? null : [g.RowSpacing, g.ColumnSpacing], g?.SliceSpacing, g?.Axis.ToString(),
            maxDepth, augmentation);
        return new CardDataSource(role, name, source, d.Count, d.Limit, d.ClassNames, preprocessing, d.Subjects ?? cohort?.Subjects, files, note);
    }

    /// <summary>Where a dataset name's data come from and its files with their SHA-256.</summary>
    /// <param name="segmentation">A segmentation domain: the head domains also read the brain mask (ch2bet) to make their labels.</param>
    public static (string Source, IReadOnlyList<CardFile> Files, string Note) InputFiles(string name, SegmentationCohort? cohort = null, bool segmentation = false)
    {
        if (cohort is not null || name.StartsWith(CohortSlices.Prefix, StringComparison.Ordinal)) return Cohort(name, cohort);
        if (name.StartsWith("nifti:", StringComparison.Ordinal))
        {
            var path = name["nifti:".Length..];
            return ($"NIfTI file {path}", File.Exists(path) ? [Hash(path)] : [], File.Exists(path) ? "the file, SHA-256 of its bytes" : $"{path} is no longer there");
        }
        if (name.StartsWith("folder:", StringComparison.Ordinal))
        {
            var folder = name["folder:".Length..];
            if (!Directory.Exists(folder)) return ($"image folder {folder}", [], $"{folder} is no longer there");
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => Hash(f) with { Path = Path.GetRelativePath(folder, f).Replace('\\', '/') }).ToList();
            return ($"image folder {Path.GetFullPath(folder)}", files, "every file under the folder (paths relative to it), SHA-256 of its bytes");
        }
        // Built-in data: the Debian package's files (the head domains of segmentation, sim-mr among them, also read the brain mask).
        string packaged = name == HeadDomains.SimulatedMr ? HeadDomains.Source : name;
        var info = Datasets.List().FirstOrDefault(i => i.Name == packaged);
        if (info?.Package is null) return (name, [], "not a file source: no files to hash");
        var found = info.Files.Concat(segmentation && packaged == HeadDomains.Source ? [HeadDomains.BrainMaskPath] : []).Distinct().Where(File.Exists).Select(Hash).ToList();
        string what = name == HeadDomains.SimulatedMr ? $"simulated T2-like MR from the files of Debian package {info.Package}" : $"Debian package {info.Package}";
        return (what, found, "the package's data files, SHA-256 of their bytes" + (found.Count < info.Files.Count ? " (some are not installed here)" : ""));
    }

    private static (string, IReadOnlyList<CardFile>, string) Cohort(string name, SegmentationCohort? segmentation)
    {
        var (path, modality, _) = segmentation is null ? CohortSlices.ParseName(name) : (segmentation.Path, segmentation.Modality, null);
        if (!File.Exists(path) && !Directory.Exists(path)) return ($"cohort {path}", [], $"{path} is no longer there");
        var cohort = Data.Cohort.Open(path);
        var used = new List<string> { cohort.SelectModality(modality) };
        if (segmentation?.Labels is { } labels) used.Add(labels);
        var split = segmentation?.Subjects ?? cohort.Split();
        string root = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : Path.GetFullPath(path);
        var files = new List<CardFile>();
        if (File.Exists(path)) files.Add(Hash(path) with { Path = Path.GetFileName(path), Modality = "manifest" });
        foreach (var item in cohort.Items.Where(i => used.Contains(i.Modality)).OrderBy(i => i.Subject, StringComparer.Ordinal).ThenBy(i => i.Modality, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, Path.GetFullPath(item.Path)).Replace('\\', '/');
            CardFile entry;
            if (Directory.Exists(item.Path))
            {
                // A DICOM series (a folder, or the DICOM files lying directly in the subject folder): one listing digest.
                var (sha, count, bytes) = item.DirectDicom
                    ? ListingOf(Directory.EnumerateFiles(item.Path).Where(VolumeFiles.IsDicom), item.Path)
                    : FileHashes.Folder(item.Path);
                entry = new CardFile(relative, sha, bytes, Files: count);
            }
            else entry = Hash(item.Path) with { Path = relative };
            files.Add(entry with { Subject = item.Subject, Split = split.Of(item.Subject), Modality = item.Modality });
        }
        return ($"cohort {Path.GetFullPath(path)} ({(cohort.FromManifest ? "manifest" : "subject folders")})", files,
            $"every {string.Join(" and ", used)} item of every subject (all splits; paths relative to the cohort); a DICOM series is one entry whose SHA-256 is the digest of its files' sha256sum listing (names relative to the series folder, C-locale order)");
    }

    private static (string, int, long) ListingOf(IEnumerable<string> files, string folder)
    {
        var list = files.ToList();
        return (FileHashes.Listing(list.ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), FileHashes.Sha256)), list.Count, list.Sum(f => new FileInfo(f).Length));
    }

    private static CardFile Hash(string path) => new(path, FileHashes.Sha256(path), new FileInfo(path).Length);

    public static string Describe(AugmentationOptions a) =>
        a == AugmentationOptions.None ? "none"
        : string.Join(", ", new[]
        {
            a.HorizontalFlip ? "horizontal flips" : null,
            a.MaxRotationDegrees > 0 ? string.Create(CultureInfo.InvariantCulture, $"±{a.MaxRotationDegrees}° rotation") : null,
            a.MinScale != 1 || a.MaxScale != 1 ? string.Create(CultureInfo.InvariantCulture, $"{a.MinScale}–{a.MaxScale} scale") : null,
            a.MaxShift > 0 ? $"±{a.MaxShift} px shift" : null,
        }.OfType<string>());
}
